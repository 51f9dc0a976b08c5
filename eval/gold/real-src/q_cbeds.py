d='central-bedfordshire-04-march-2022'; c='Central Bedfordshire'
Q(d,'grade','What overall grade did Central Bedfordshire get in January 2022?',['Good'],[],unit='findings',council=c)
Q(d,'frontmatter','Who led the inspection of Central Bedfordshire children\'s services in 2022?',['Margaret Burke'],[],unit='frontmatter',council=c)
Q(d,'paraphrase','Do enough care leavers in Central Bedfordshire go into apprenticeships?',['too few care leavers progress to apprenticeships'],[29],council=c)
Q(d,'paraphrase','central beds - can care leavers stay on with their foster carers',['staying put'],[28],council=c)
Q(d,'number','How many children did Central Bedfordshire place in an unregistered children\'s home?',['one child'],[16],council=c)
Q(d,'list','What does Ofsted say Central Bedfordshire should improve?',['appraisal of information','pre-proceedings stage of the PLO','recording key decisions'],[],unit='improvements',council=c)
