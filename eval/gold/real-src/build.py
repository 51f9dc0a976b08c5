import json, re, sys, glob
sys.path.insert(0,'/tmp/g')
import h
dev=set(open('/tmp/dev.txt').read().split()); test=set(open('/tmp/test.txt').read().split())
Qs=[]
def Q(doc,kind,question,answers,paras=(),unit=None,council=None,docs=None,split=None,hint=None):
    Qs.append(dict(hint=hint,doc=doc,kind=kind,question=question,answers=list(answers),paragraphs=list(paras),unit=unit,council=council,docs=docs,split=split))
for f in sorted(glob.glob('/tmp/g/q_*.py')):
    exec(open(f).read())
def page_of(doc,s,paras=()):
    raw=h.load(doc); pages=raw.split('\f'); s=h.norm(s).lower()
    cand=[i+1 for i,p in enumerate(pages) if any(s in v for v in h.variants(p))]
    pp=[i+1 for i,p in enumerate(pages) for n in paras if re.search(r'(?m)^\s{0,8}%d\.?\s+\S'%n,p)]
    both=[c for c in cand if c in pp]
    if both: return both[0]
    if cand and pp:
        after=[c for c in cand if c>=pp[0]]
        if after: return after[0]
    if cand and not paras: return cand[0]
    if pp: return pp[0]
    return cand[0] if cand else None
errs=0; out={'dev':[],'test':[]}; xr_i=0
for q in Qs:
    d=q['doc']
    if q['kind']=='cross-report' or (q['kind']=='unanswerable' and d is None):
        sp=q['split'] or ('dev' if xr_i%2==0 else 'test'); xr_i+=1
    else:
        sp='dev' if d in dev else 'test' if d in test else None
        if sp is None: print('DOC NOT CHOSEN',d,q['question']); errs+=1; continue
    # verify
    if q['kind']=='cross-report':
        for a in q['answers']:
            if not any(h.inreport(x,a) for x in q['docs']): print('XR ANSWER NOT IN DOCS',a,q['question']); errs+=1
    elif q['answers']:
        ok=[a for a in q['answers'] if h.inreport(d,a)]
        if len(ok)!=len(q['answers']): print('NOT VERBATIM',d,[a for a in q['answers'] if a not in ok],q['question']); errs+=1
        if q['paragraphs']:
            for a in q['answers']:
                f=h.find(d,a)
                if not set(f)&set(q['paragraphs']): print('PARA MISMATCH',d,a,q['paragraphs'],'found',f); errs+=1
        elif not q['unit']: print('NO PARA NO UNIT',d,q['question']); errs+=1
    o={'id':None,'question':q['question'],'answers':q['answers'],'paragraphs':q['paragraphs'],'doc':d,'kind':q['kind'],
       'council':q['council']}
    if q['unit']: o['unit']=q['unit']
    if q['docs']: o['docs']=q['docs']
    if d and q['answers']:
        p=page_of(d,q['hint'] or q['answers'][0],q['paragraphs']); 
        if p: o['page']=p
    out[sp].append(o)
for sp in out:
    with open(f'/work/gold-out/real-{sp}.jsonl','w') as f:
        for i,o in enumerate(out[sp],1):
            o['id']=f'real-{sp}-{i:03d}'; f.write(json.dumps(o,ensure_ascii=False)+'\n')
from collections import Counter
print('errors',errs)
for sp in out: print(sp,len(out[sp]),dict(Counter(o['kind'] for o in out[sp])), 'docs',len({o['doc'] for o in out[sp] if o['doc']}))
print('total',Counter(q['kind'] for q in Qs))
