d='norfolk-16-august-2013'; c='Norfolk'
Q(d,6,"Where do worries about a child in Norfolk first get picked up and dealt with?",["Multi Agency Safeguarding Hub","MASH"],c)
Q(d,46,"What proportion of young people who grew up in Norfolk's care have no GCSEs or other certificates by nineteen?",["more than 35%"],c)
Q(d,53,"How many Norfolk youngsters in care are housed beyond its borders?",["193"],c)
Q(d,53,"Which neighbouring council takes the most Norfolk youngsters placed beyond its borders?",["Suffolk"],c)
Q(d,48,"In Norfolk, how were the plans for teenagers moving on from care judged?",["inadequate"],c)
Q(d,25,"What have Norfolk foster carers been given to help if a child runs away?",["practice guidelines"],c)
d='bolton-21-march-2014'; c='Bolton'
Q(d,92,"What was Bolton's latest local figure for children being placed with their adopters quickly?",["76%"],c)
Q(d,88,"Which Bolton councillor role stands up for kids in care?",["Children's Champion"],c)
Q(d,73,"What has Bolton created for its looked-after pupils taught elsewhere?",["virtual school"],c)
Q(d,42,"What problem flagged by inspectors two years earlier was Bolton still struggling with in 2014?",["quality of social work assessments"],c)
