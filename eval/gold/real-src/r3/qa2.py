d='gloucestershire-04-august-2025'; c='Gloucestershire'
Q(d,36,"At what age do Gloucestershire youngsters move over to the leaving-care team?",["18 years old"],c)
Q(d,40,"What do former foster kids in Gloucestershire with anxiety or depression get extra of?",["increased visits"],c)
Q(d,9,"What has happened to the number of Gloucestershire families going to court over their children?",["fewer children are entering legal processes"],c)
d='durham-21-october-2019'; c='Durham'
Q(d,25,"How do Durham's looked-after kids do in exams compared with the rest of the country?",["above the national average"],c)
Q(d,32,"What does every adopted child in Durham get to help them understand their past?",["life-story book"],c)
d='dudley-10-december-2018'; c='Dudley'
Q(d,11,"Which Dudley team stands out for its work with kids who can't speak?",["disability team"],c)
Q(d,41,"What do the magistrates and judges around Dudley think of the council?",["a good reputation"],c)
d='halton-15-april-2020'; c='Halton'
Q(d,21,"Who doesn't push back hard enough in Halton children's care reviews?",["IRMs"],c)
d='york-04-may-2022'; c='York'
Q(d,32,"Where can York's ex-care teens practise running a home before getting their own?",["trainer flat"],c)
Q(d,33,"At what age do York's looked-after pupils meet the careers advisers?",["16"],c)
Q(d,39,"Why were York's own case checks too rosy?",["focused too greatly on timescales"],c)
d='haringey-24-february-2026'; c='Haringey'
Q(d,36,"How many days a week is NHS wellbeing support on site where Haringey's former foster kids go?",["2 days a week"],c)
Q(d,48,"What is Haringey's team set-up for care leavers' workers called?",["family pod"],c)
d='coventry-21-march-2014'; c='Coventry'
Q(d,82,"What fraction of Coventry's youngsters in care are in weaker schools?",["Almost a third"],c)
Q(d,115,"Where is Coventry trying out extra help for new mums at risk?",["two children's centres"],c)
