d='south-tyneside-04-august-2026'; c='South Tyneside'
Q(d,1,"How did South Tyneside's front door for child concerns change since it was last inspected?",["significant improvement"],c)
d='bath-and-north-east-somerset-07-july-2017'; c='Bath and North East Somerset'
Q(d,22,"What's the name of the B&NES service for kids at risk of being groomed for sex?",["Willow project"],c)
Q(d,103,"How long after a course does the Bath safeguarding board follow up on whether it made a difference?",["three months after training"],c)
Q(d,62,"What everyday skills do B&NES care leavers feel they need more help with?",["staying healthy or budgeting"],c)
d='warwickshire-14-october-2025'; c='Warwickshire'
Q(d,18,"Which Warwickshire team gives intensive help to keep families together?",["multi-systemic team"],c)
Q(d,27,"What makes it harder for Warwickshire bosses to judge how children in care are getting on?",["Variability in the recording of visits"],c)
d='cheshire-east-16-may-2024'; c='Cheshire East'
Q(d,13,"Who keeps watch over Cheshire East kids living privately with non-relatives?",["a dedicated IRO"],c)
Q(d,38,"Until what age do Cheshire East's reviewing officers stay involved with young adults who left care?",["21"],c)
Q(d,47,"What new project has Cheshire East got money for to help young people leaving care?",["staying close"],c)
d='central-bedfordshire-04-march-2022'; c='Central Bedfordshire'
Q(d,21,"What holds up signing off new foster homes and kinship carers in Central Bedfordshire?",["delays in the early stages"],c)
d='wigan-26-november-2025'; c='Wigan'
Q(d,74,"What's the nickname for how things are done in Wigan that staff are proud of?",["Wigan way"],c)
Q(d,49,"How long can young adults who grew up in Wigan's care get help?",["for as long as they require support"],c)
d='liverpool-18-july-2014'; c='Liverpool'
Q(d,155,"What proportion of Liverpool's former children in care have no job or course to go to?",["38%"],c)
Q(d,70,"What will take the place of the CAF in Liverpool?",["early help assessment tool"],c)
Q(d,70,"How many of the replacement family-support forms has Liverpool completed so far?",["41"],c)
