d='warwickshire-14-october-2025'; c='Warwickshire'
Q(d,41,"How old are some of Warwickshire's former children in care when their adviser is still in touch?",["25"],c)
Q(d,41,"Which workers help Warwickshire's former foster kids rebuild ties with relatives?",["Lifelong link workers"],c)
Q(d,31,"Which age group of Warwickshire's children in care are missing too many lessons?",["secondary-aged pupils"],c)
d='south-tyneside-04-august-2026'; c='South Tyneside'
Q(d,61,"How many South Tyneside youngsters were staying in illegal unlicensed placements when Ofsted came?",["no children"],c)
Q(d,58,"What motto sums up the way South Tyneside's leaders want everyone to pull together?",["one team"],c)
d='bath-and-north-east-somerset-07-july-2017'; c='Bath and North East Somerset'
Q(d,21,"Whose reports about domestic violence incidents are letting B&NES social workers down?",["police"],c)
Q(d,42,"How did Bath's children in care do in their GCSEs compared with those across the country?",["slightly over double"],c)
d='lincolnshire-06-january-2015'; c='Lincolnshire'
Q(d,86,"How many Lincolnshire kids in care got temporarily suspended from local schools?",["59"],c)
Q(d,86,"Which Lincolnshire team pushes back when schools want to suspend children in care?",["LACES team"],c)
Q(d,113,"How many adopted Lincolnshire kids saw their placement fall apart in 2012-13?",["only one child"],c)
Q(d,120,"Who designed the template for Lincolnshire care leavers' future plans?",["young people"],c)
d='liverpool-18-july-2014'; c='Liverpool'
Q(d,153,"How much is the one-off payment Liverpool gives young people when they leave care?",["£1,200"],c)
Q(d,153,"What amount is Liverpool planning to increase the setting-up-home money to?",["£2,000"],c)
Q(d,69,"Who keeps support going for Liverpool families that move to a neighbouring council?",["Merseyside CAF co-ordinators"],c)
