d='barnet-23-july-2024'; c='Barnet'
Q(d,59,"What recognition has Barnet recently gained for welcoming refugees?",["borough of sanctuary"],c)
Q(d,63,"What did Barnet create to help kids on the spectrum?",["specialist autism team"],c)
Q(d,63,"Which in-house clinical team gives Barnet staff time to think about their cases?",["Barnet Integrated Clinical Services"],c)
Q(d,58,"Who keeps a close eye on the few Barnet kids living in unregistered homes?",["the DCS and the senior leadership team"],c)
Q(d,39,"How does Barnet check how kids in care are coping emotionally?",["strengths and difficulties questionnaires"],c)
d='blackpool-01-february-2023'; c='Blackpool'
Q(d,3,"What new team has Blackpool set up for children living with serious violence between parents?",["MARAC team"],c)
Q(d,46,"What has Blackpool launched to train up its team leaders?",["leadership academy"],c)
Q(d,20,"Apart from going themselves, how do Blackpool looked-after kids get their say in meetings about them?",["through advocates"],c)
Q(d,40,"What local conditions make Blackpool's long-running neglect cases so tough?",["poverty and high deprivation"],c)
d='central-bedfordshire-04-march-2022'; c='Central Bedfordshire'
Q(d,6,"When can Central Bedfordshire families under most strain get extra support outside office hours?",["at weekends and evenings"],c)
Q(d,12,"Who talks to Central Beds kids after they come back from running away?",["dedicated, stable team of workers"],c)
Q(d,26,"Which Central Bedfordshire panel chases up children who still don't have a settled future agreed?",["permanence tracking panel"],c)
d='derby-11-may-2022'; c='Derby'
Q(d,2,"Which Derby team takes the first calls about children?",["Initial Response Team"],c)
Q(d,2,"How do Derby staff spot high-risk cases at a glance?",["colour-coding system"],c)
Q(d,29,"What happens to Derby kids when there aren't enough foster places locally?",["live outside Derby"],c)
Q(d,34,"Who has Derby taken on to help caseworkers do memory books with kids?",["children's practitioner"],c)
Q(d,47,"What midday sessions do Derby workers value?",["lunchtime learning"],c)
