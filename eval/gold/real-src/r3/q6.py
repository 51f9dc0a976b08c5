d='coventry-21-march-2014'; c='Coventry'
Q(d,81,"What's the school attendance figure for Coventry's kids in care?",["94%"],c)
Q(d,81,"How much weekly schooling do excluded Coventry teenagers get in the PRUs?",["25 hours"],c)
Q(d,118,"Which Coventry working party of councillors, officers and youngsters is giving kids in care more say?",["task and finish group"],c)
Q(d,126,"Which health staff in Coventry rarely fill in early help assessments?",["health visitors"],c)
d='darlington-01-september-2015'; c='Darlington'
Q(d,64,"What share of Darlington's kids in care got five good GCSEs in 2013/14?",["20%"],c)
Q(d,64,"How many days does Darlington give the person running education for children in care?",["one day a week"],c)
Q(d,26,"What tool helps Darlington kids share their views ahead of big safety meetings about them?",["My Conference Pack"],c)
Q(d,135,"What new front door did Darlington's file reviews feed into?",["Children's Access Point"],c)
d='north-east-lincolnshire-25-september-2017'; c='North East Lincolnshire'
Q(d,18,"What scheme gives NE Lincs schools a heads-up when a pupil has had violence at home?",["Operation Encompass"],c)
Q(d,27,"Which joint effort tackles sexual grooming of young people in NE Lincs?",["Operation Priam"],c)
Q(d,82,"How many NE Lincs young people leaving care were in prison?",["six"],c)
Q(d,32,"How many children living with non-relatives by private arrangement was North East Lincolnshire working with?",["no open cases"],c)
d='windsor-maidenhead-13-may-2015'; c='Windsor and Maidenhead'
Q(d,112,"How many adopted children in Windsor and Maidenhead keep in touch with birth family by letter?",["91"],c)
Q(d,112,"How many mums, dads and family members used RBWM's post-adoption help service the year before?",["Twelve"],c)
Q(d,133,"Which government fund did Windsor and Maidenhead win money from?",["Innovation Fund"],c)
Q(d,136,"Who handles accusations against adults who work with children in Windsor and Maidenhead?",["Local Authority Designated Officer","LADO"],c)
d='surrey-03-august-2015'; c='Surrey'
Q(d,14,"What share of Surrey schools took part in the LSCB's safeguarding check?",["69%"],c)
Q(d,14,"How many partner organisations did Surrey's board get to take part in its legal duties review in 2014?",["35 of 37"],c)
Q(d,17,"Who keeps Surrey's child protection procedures up to date?",["a private company"],c)
Q(d,17,"How often are Surrey's board procedures refreshed?",["six-monthly"],c)
d='brighton-and-hove-16-may-2024'; c='Brighton and Hove'
Q(d,3,"Where can Brighton parents now get help before things reach crisis point?",["family hubs"],c)
Q(d,21,"What name does Brighton give to the regular meetings about each looked-after child's plan?",["Me and My World Reviews"],c)
Q(d,19,"How often do Brighton's top managers check on kids in unlicensed placements?",["weekly"],c)
Q(d,46,"What dangers are Brighton PAs alert to for young adults who were in care?",["county lines"],c)
d='bristol-22-october-2018'; c='Bristol'
Q(d,20,"How regularly do Bristol officials get together about pupils who've vanished from the school roll?",["monthly meeting"],c)
Q(d,36,"At which school stage are Bristol's kids in care getting steadily better results?",["key stage 1"],c)
Q(d,36,"At what age band do Bristol looked-after kids fall furthest behind in class?",["key stage 4"],c)
Q(d,48,"What new team helps Bristol relatives and friends who take on a child?",["specialist kinship care team"],c)
