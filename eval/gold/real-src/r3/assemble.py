import json,sys,glob
sys.argv=[sys.argv[0]]
import check
files=sorted(glob.glob('/tmp/gq/q*.py'))
check.run(files)
PAGE={}
for src in ['/tmp/realparas.jsonl','/tmp/seedparas.jsonl']:
    for l in open(src):
        o=json.loads(l)
        if o['paragraph'] is not None: PAGE[(o['doc'],o['paragraph'])]=o.get('page')
orig={f:[json.loads(l) for l in open(f'/tmp/gq/orig/{f}.jsonl')] for f in ['real-dev','real-test','lancashire-dev','lancashire-test']}
split={}
for f in ['real-dev','real-test']:
    for o in orig[f]:
        if o['doc']: split[o['doc']]=f
new={f:[] for f in orig}
for q in check.Qs:
    d=q['doc']
    if d and d.startswith('ofsted'): f='lancashire-'+q['split']
    elif d is None: f='real-'+q['split']
    else:
        f=split[d]
        assert q['split'] in (None,f.split('-')[1]), q
    o={'id':None,'question':q['question'],'answers':q['answers'],'paragraphs':q['paras'],'doc':d,'kind':q['kind']}
    if f.startswith('real'): o['council']=q['council']
    if q['unit']: o['unit']=q['unit']
    if q['paras'] and f.startswith('real') and PAGE.get((d,q['paras'][0])): o['page']=PAGE[(d,q['paras'][0])]
    new[f].append(o)
for f in orig:
    pre='real-dev-' if f=='real-dev' else 'real-test-' if f=='real-test' else 'dev-' if f=='lancashire-dev' else 'test-'
    n=len(orig[f]); ids={o['id'] for o in orig[f]}
    for i,o in enumerate(new[f],n+1):
        o['id']=f'{pre}{i:03d}'; assert o['id'] not in ids
    with open(f'/work/wt/gold/eval/gold/{f}.jsonl','w') as fh:
        for o in orig[f]+new[f]: fh.write(json.dumps(o,ensure_ascii=False)+'\n')
    print(f,len(orig[f]),'+',len(new[f]),'docs',len({o['doc'] for o in new[f]}))
