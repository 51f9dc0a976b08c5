for d in "$@"; do echo "=== $d"; grep -v '^\s*$' /tmp/txt/$d.txt | sed -n '/Judgement/,/^ *Overall effectiveness/p' | tr -s ' '; grep -v '^\s*$' /tmp/txt/$d.txt | sed -n '/What needs to improve/,/^The experiences/p'; python3 - <<EOP
import sys; sys.path.insert(0,'/tmp/g'); import h
for n,t in h.paras('$d').items(): print(n, h.norm(t)[3:200])
EOP
done
