d='walsall-04-september-2017'; c='Walsall'
Q(d,'grade','What was the overall judgement for Walsall children\'s services in 2017?',['requires improvement to be good','requires improvement'],[],unit='findings',council=c)
Q(d,'frontmatter','Who was the lead inspector for the 2017 Walsall inspection?',['Jenny Turnross'],[],unit='frontmatter',council=c)
Q(d,'number','How many children were being looked after in Walsall at 31 March 2017?',['648'],[],unit='frontmatter',council=c)
Q(d,'number','How many Walsall young people were in staying put arrangements?',['Twenty-one'],[87],council=c)
Q(d,'paraphrase','Have any Walsall care leavers been evicted this year?',['No care leaver has had a tenancy breakdown or eviction'],[88],council=c)
Q(d,'paraphrase','does walsall put care leavers in b&bs',['does not use houses of multiple occupancy or bed and breakfast'],[87],council=c)
Q(d,'fact','How many children\'s homes does Walsall operate?',['five children'],[],unit='frontmatter',council=c)
