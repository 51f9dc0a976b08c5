import json,re,sys,glob
sys.path.insert(0,'/work/wt/gold/eval/gold')
import wording as W
def norm(s):
    s=s.replace('\u2019',"'").replace('\u2018',"'").replace('\u201c','"').replace('\u201d','"').replace('\u2013','-')
    return re.sub(r'\s+',' ',s).strip().lower()
TXT={}
def rep(doc):
    if doc not in TXT:
        p=f'/tmp/gtxt/{doc}.txt' if not doc.startswith('ofsted') else f'/work/wt/gold/corpus/{doc}.txt'
        raw=open(p,encoding='utf-8').read()
        TXT[doc]=[norm(raw),norm(re.sub(r'(\w)-\s*\n\s*(\w)',r'\1\2',raw))]
    return TXT[doc]
PARA={}
for src in ['/tmp/realparas.jsonl','/tmp/seedparas.jsonl']:
    for l in open(src):
        o=json.loads(l)
        if o['paragraph'] is not None: PARA[(o['doc'],o['paragraph'])]=o['text']
Qs=[]
def Q(doc,paras,question,answers,council=None,kind='paraphrase',split=None,unit=None):
    if isinstance(paras,int): paras=[paras]
    Qs.append(dict(doc=doc,paras=paras,question=question,answers=answers,council=council,kind=kind,split=split,unit=unit))
def U(doc,question,council=None,split=None):
    Q(doc,[],question,[],council,'unanswerable',split)
def run(files):
    for f in files: exec(open(f).read(),globals())
    bad=0; own=0; n=0
    for q in Qs:
        d=q['doc']; errs=[]
        for a in q['answers']:
            if not any(norm(a) in v for v in rep(d)): errs.append(f'NOTVERBATIM {a!r}')
            if q['paras'] and not any(norm(a) in norm(PARA.get((d,p),'')) for p in q['paras']): errs.append(f'NOTINPARA {a!r} {q["paras"]}')
            if len(a.split())>9: errs.append(f'LONG {a!r}')
        s=None
        if q['answers'] and q['paras']:
            text=' '.join(PARA.get((d,p),'') for p in q['paras'])
            skip=set(W.words(q['council'] or ''))|set(W.words(d))|{'lancashire','ofsted'}
            s=W.share(q['question'],text,skip); n+=1; own+= s is not None and s<0.5
        flag='!!' if errs or (s is not None and s>=0.5) else '  '
        if errs or (s is not None and s>=0.5) or '-v' in sys.argv: print(flag,f'{s if s is None else round(s,2)}',d[:20],q['paras'],q['question'],errs)
        bad+=bool(errs)
    print('total',len(Qs),'errors',bad,'own',own,'of',n)
if __name__=='__main__': run(sorted(a for a in sys.argv[1:] if not a.startswith('-')))
