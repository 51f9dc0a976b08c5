d='leicester-04-september-2017'; c='Leicester'
Q(d,'grade','What grade did Leicester get for adoption performance in 2017?',['Good'],[],unit='findings',council=c)
Q(d,'grade','How were care leavers in Leicester judged at the 2017 inspection?',['Requires improvement'],[],unit='findings',council=c)
Q(d,'frontmatter','Who was the deputy lead inspector for the Leicester City Council inspection?',['Jansy Kelly'],[],unit='frontmatter',council=c)
Q(d,'number','How many children were looked after by Leicester at 1 July 2017?',['662'],[],unit='frontmatter',council=c)
Q(d,'number','leicester how many adoptions in the 12 months before the 2017 inspection',['32 adoptions','32'],[],unit='frontmatter',council=c)
Q(d,'fact','What rent concession does Leicester offer care leavers moving into their first council tenancy?',['first two weeks'],[87],council=c)
Q(d,'paraphrase','Is Leicester still in contact with its care leavers?',['almost all care leavers are in touch'],[75],council=c)
Q(d,'fact','What overall effectiveness judgement did Leicester receive at its previous inspection, published in March 2015?',['inadequate'],[],unit='frontmatter',council=c,hint='Overall effectiveness: inadequate')
