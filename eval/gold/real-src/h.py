import re, sys, json, os
TXT='/tmp/txt'
def norm(s):
    s=s.replace('\u2019',"'").replace('\u2018',"'").replace('\u201c','"').replace('\u201d','"')
    return re.sub(r'\s+',' ',s).strip()
def load(doc):
    return open(f'{TXT}/{doc}.txt',encoding='utf-8').read()
def variants(raw):
    a=norm(raw)
    b=norm(re.sub(r'(\w)-\s*\n\s*(\w)',r'\1\2',raw))
    return [a.lower(),b.lower()]
def paras(doc):
    raw=load(doc); lines=raw.split('\n')
    cur=0; out={}; buf=[]; 
    for ln in lines:
        m=re.match(r'^\s{0,8}(\d{1,3})\.?\s+\S',ln)
        if m and int(m.group(1))==1 and 1<=cur<=4:
            out={}; cur=1; buf=[ln]
        elif m and int(m.group(1))==cur+1:
            if cur: out[cur]='\n'.join(buf)
            cur=int(m.group(1)); buf=[ln]
        elif cur: buf.append(ln)
    if cur: out[cur]='\n'.join(buf)
    return out
def find(doc,s):
    s=norm(s).lower(); res=[]
    for n,t in paras(doc).items():
        if any(s in v for v in variants(t)): res.append(n)
    return res
def inreport(doc,s):
    return any(norm(s).lower() in v for v in variants(load(doc)))
if __name__=='__main__':
    doc=sys.argv[1]
    for s in sys.argv[2:]:
        print(repr(s), inreport(doc,s), find(doc,s))
