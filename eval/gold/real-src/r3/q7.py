d='dudley-10-december-2018'; c='Dudley'
Q(d,6,"What did Dudley bring in to measure whether things are improving for neglected kids?",["graded care profile tool"],c)
Q(d,38,"What street-crime worry have Dudley's agencies teamed up to tackle?",["growth of gangs"],c)
Q(d,5,"Why do some early case talks in Dudley's assessment teams get put off?",["lack of police availability"],c)
d='durham-21-october-2019'; c='Durham'
Q(d,30,"Which youth group pushed Durham to rewrite the paperwork used for kids' futures and safety?",["Children in Care Council"],c)
Q(d,22,"Who runs the review meetings for many Durham teenagers in care?",["young people"],c)
d='gloucestershire-04-august-2025'; c='Gloucestershire'
Q(d,37,"Besides visits, how do Gloucestershire's personal advisers reach the youngsters they support?",["instant messaging","texts","phone calls"],c)
Q(d,33,"Has Gloucestershire's pool of foster families grown or shrunk?",["net increase"],c)
Q(d,8,"What usually delays Gloucestershire's follow-up meetings after a child comes off a protection plan?",["wider family availability"],c)
d='halton-15-april-2020'; c='Halton'
Q(d,14,"Which group of teenagers get a patchy response when they turn up homeless in Halton?",["16 to 17-year-olds"],c)
Q(d,17,"What orders let Halton relatives become a child's long-term carer?",["Special Guardianship Orders"],c)
Q(d,11,"What has been happening to some Halton kids because managers didn't push hard enough on their cases?",["remained in situations of neglect"],c)
d='haringey-24-february-2026'; c='Haringey'
Q(d,34,"What freebies and discounts can Haringey care leavers get?",["free prescriptions","discounted travel"],c)
Q(d,41,"What help do Haringey's care leavers who become mums and dads get?",["regular multi-agency visits before and after birth"],c)
Q(d,60,"How are Haringey case records written so kids can follow them?",["age-appropriate language"],c)
d='york-04-may-2022'; c='York'
Q(d,1,"How often do York agencies meet to sort domestic violence call-outs?",["daily multi-agency meeting"],c)
Q(d,27,"How young are the York youngsters placed in homes that aren't registered?",["under 16"],c)
Q(d,36,"Which senior York officer knows where things need to get better?",["chief operating officer"],c)
d='cheshire-east-16-may-2024'; c='Cheshire East'
Q(d,12,"What deal between the council's housing team and social workers helps Cheshire East teens with nowhere to live?",["joint protocol"],c)
Q(d,44,"What new local centres have boosted early support in Cheshire East?",["family hubs"],c)
Q(d,35,"Where do Cheshire East's former looked-after youngsters placed outside the borough stay until a proper flat comes up?",["supported accommodation"],c)
