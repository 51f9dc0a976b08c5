d='lambeth-12-may-2015'; c='Lambeth'
Q(d,116,"What share of Lambeth's kids in care got a new adoptive home within a year and a half, 2011 to 2014?",["29%"],c)
Q(d,124,"How many Lambeth children were still waiting for an adoptive family when inspectors visited?",["38"],c)
Q(d,137,"How long did Lambeth care leavers have to wait for a mental health assessment?",["eight month"],c)
Q(d,131,"What are Lambeth's adopted children often missing that would help them understand their past?",["life story books"],c)
d='leicester-04-september-2017'; c='Leicester'
Q(d,23,"Which Leicester teams help keep families together and stop kids coming into care?",["multi-systemic teams"],c)
Q(d,103,"Who in Leicester now runs the local group that brings the council, Cafcass and the courts together?",["director of children's social care and early help"],c)
Q(d,70,"Who helps Leicester's adopted children keep in touch with birth relatives?",["dedicated contact worker"],c)
Q(d,86,"What do Leicester's ex-care teens struggle with once they've got their own flat?",["manage finances"],c)
d='walsall-04-september-2017'; c='Walsall'
Q(d,30,"In Walsall, what share of chats with kids after they'd run away happened within three days?",["53%"],c)
Q(d,30,"How long can it take Walsall admin staff to put runaway interviews on the system?",["up to three months"],c)
Q(d,115,"When did Walsall's multi-agency child protection partnership drag its feet?",["2015 and the first half of 2016"],c)
Q(d,73,"What word did Walsall families who adopted use for the post-placement support?",["excellent"],c)
d='richmond-upon-thames-08-december-2017'; c='Richmond upon Thames'
Q(d,44,"What's the name of Richmond's culture and leisure scheme for kids in care?",["Culture 4 Keeps"],c)
Q(d,47,"Which faith group has helped Richmond sign up new carers?",["home for good"],c)
Q(d,47,"What new facility is Richmond working on for teenagers who can't live with a family?",["in-house children's home"],c)
Q(d,51,"Who leads the once-a-year check on each approved foster household in Richmond?",["An IRO"],c)
