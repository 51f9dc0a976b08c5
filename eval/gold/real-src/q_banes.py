d='bath-and-north-east-somerset-07-july-2017'; c='Bath and North East Somerset'
Q(d,'grade','What grade did B&NES get for adoption in 2017?',['Outstanding'],[],unit='findings',council=c)
Q(d,'grade','How were children who need help and protection in Bath and North East Somerset judged in 2017?',['Requires improvement'],[],unit='findings',council=c)
Q(d,'frontmatter','Who was the lead inspector for Bath and North East Somerset\'s 2017 inspection?',['Donna Marriott'],[],unit='frontmatter',council=c)
Q(d,'number','How many children were looked after by B&NES on 24 April 2017?',['167'],[],unit='frontmatter',council=c)
Q(d,'number','How many young people in B&NES were staying put with foster carers after 18?',['12 young people'],[70],council=c)
Q(d,'fact','What meetings does B&NES use to keep social worker caseloads under review?',['caseload challenge'],[83],council=c)
Q(d,'paraphrase','Does Bath and North East Somerset manage to keep in contact with young people who have left care?',['in touch with a high proportion'],[69],council=c)
