d='richmond-upon-thames-08-december-2017'; c='Richmond upon Thames'
Q(d,'grade','What overall judgement did Richmond upon Thames receive in 2017?',['good'],[],unit='findings',council=c)
Q(d,'frontmatter','Who was the DCS in Richmond at the time of the 2017 inspection?',['Robert Henderson'],[],unit='frontmatter',council=c)
Q(d,'number','how many kids were looked after by richmond at 31 august 2017',['103'],[],unit='frontmatter',council=c)
Q(d,'fact','Which community interest company delivers children\'s services for Richmond upon Thames?',['Achieving for Children'],[50,103],council=c)
Q(d,'fact','Which council does Richmond share its LSCB with?',['Kingston upon Thames'],[],unit='frontmatter',council=c)
Q(d,'unanswerable','What was the average caseload of social workers in Richmond upon Thames in 2017?',[],[],council=c)
d='liverpool-18-july-2014'; c='Liverpool'
Q(d,'grade','What grade was Liverpool given for adoption performance in 2014?',['Requires improvement'],[],unit='findings',council=c)
Q(d,'frontmatter','Who was lead inspector on Liverpool\'s 2014 inspection?',['Sheena Doyle'],[],unit='frontmatter',council=c)
Q(d,'number','How many children were being looked after by Liverpool on 21 May 2014?',['1,000'],[],unit='frontmatter',council=c)
Q(d,'number','liverpool sw caseloads 2014 range',['29 to 45'],[75],council=c)
Q(d,'number','liverpool IRO caseloads how many kids each',['100 to 110'],[111],council=c)
Q(d,'number','How many adoptions had there been in Liverpool in the year before the 2014 inspection?',['48 adoptions','48'],[],unit='frontmatter',council=c)
