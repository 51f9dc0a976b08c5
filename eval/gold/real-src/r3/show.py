import json,sys,random
doc=sys.argv[1]; n=int(sys.argv[2]) if len(sys.argv)>2 else 10
src='/tmp/seedparas.jsonl' if doc.startswith('ofsted') else '/tmp/realparas.jsonl'
used=set()
for f in ['real-dev','real-test','lancashire-dev','lancashire-test']:
    for l in open(f'/work/wt/gold/eval/gold/{f}.jsonl'):
        o=json.loads(l)
        if o['doc']==doc: used|=set(o['paragraphs'])
ps=[json.loads(l) for l in open(src)]
ps=[p for p in ps if p['doc']==doc and p['paragraph'] is not None and p['paragraph'] not in used and len(p['text'])>250]
random.seed(doc); ch=sorted(random.sample(ps,min(n,len(ps))),key=lambda p:p['paragraph'])
for p in ch: print(f"[{p['paragraph']}] ({p.get('section')}) {p['text']}\n")
