d='enfield-04-september-2024'; c='Enfield'
Q(d,30,"Who makes sure Enfield's unaccompanied refugee kids get to see a lawyer fast?",["A specialist worker"],c)
Q(d,42,"Which Enfield panel decides if ex-care young people are ready to have their own council flat?",["tenancy nomination panel"],c)
Q(d,38,"Where are Enfield's ex-care young adults at risk of being groomed discussed?",["contextual safeguarding panel"],c)
Q(d,31,"By what age do Enfield's disabled kids in care have their adult arrangements sorted?",["18"],c)
d='kingston-upon-hull-13-january-2023'; c='Kingston upon Hull'
Q(d,5,"What holds up the first big case conference for some Hull children at risk?",["late notifications to the conferencing team"],c)
Q(d,38,"What tools does Hull's leadership use to keep track of how services are doing?",["live performance data dashboards"],c)
Q(d,45,"Who gives locum team leaders in Hull their one-to-ones?",["their own agency managers"],c)
Q(d,43,"What was set up in Hull after the last visit to watch over the hardest cases?",["senior management panels"],c)
d='tower-hamlets-13-january-2025'; c='Tower Hamlets'
Q(d,37,"What sort of social club do Tower Hamlets youngsters who've left care go to?",["weekly group"],c)
Q(d,37,"Which NHS jogging session do Tower Hamlets youngsters who've left care get pointed to?",["running group"],c)
Q(d,60,"What's Tower Hamlets' way of working called?",["Better Together"],c)
Q(d,60,"Where do Tower Hamlets staff go for training?",["The Learning Academy"],c)
d='wigan-26-november-2025'; c='Wigan'
Q(d,25,"Who in Wigan deals with complaints that a teacher or carer has harmed a child?",["local authority designated officer"],c)
Q(d,9,"What kinds of experts do Wigan social workers have alongside them to work with mums and dads?",["adult mental health"],c)
Q(d,72,"What routes into the job does Wigan offer to train up new staff?",["apprenticeships"],c)
