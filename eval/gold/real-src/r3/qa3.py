d='ofsted-lancashire-safeguarding-lac-2012'
_T=[]
def T(p,q,a): _T.append((p,q,a))
T(56,"Where are they still trying to fill health visitor posts?",["North Lancashire"])
T(66,"Which ethnic minority groups are helped well via the schools?",["Gypsy and Traveller communities"])
T(66,"Which religious venue in East Lancashire hosts special provision?",["Pendle Faith Centre"])
T(68,"Which hospital lacks enough trained children's doctors and nurses?",["Royal Lancaster Infirmary"])
T(69,"How much does children's social care rely on temps?",["no use of agency staff"])
T(69,"Whose caseloads are too heavy?",["independent reviewing officer"])
T(75,"What advice for parents came out of learning from child deaths and serious injuries?",["safe sleeping for infants"])
T(96,"How many looked-after youngsters get in trouble with the police again after a first offence?",["re-offend is low"])
T(121,"What did youngsters in care help plan the layout of?",["two new children's homes"])
T(123,"Which written set of promises to kids in care did young people help write?",["The Pledge"])
T(140,"How does the county's number of kids in care compare with similar places?",["consistently lower"])
for i,(p,q,a) in enumerate(_T):
    Q(d,p,q,a,split='dev' if i%2==0 else 'test')
