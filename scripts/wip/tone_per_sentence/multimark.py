import sys, time, numpy as np
from collections import defaultdict
from storylens.enrich import tone_base
from storylens.enrich.tone_transformer import _softmax
from storylens.eval.tone import load_newsmtsc, macro_f1, LABELS
path = sys.argv[1]
m = tone_base.load(threads=1)
enc = m.encoder
T = load_newsmtsc(path)
by = defaultdict(list)
for i,t in enumerate(T): by[t.sentence].append(i)
seqs, marks, idxs = [], [], []
for s, ii in by.items():
    ids, st, en = enc._pieces(s)
    spans = []
    for i in ii:
        t = T[i]
        inside = np.nonzero((en > t.start) & (st < t.end))[0]
        lo, hi = (int(inside[0]), int(inside[-1])+1) if len(inside) else (int(np.searchsorted(st,t.start)),)*2
        spans.append((lo,hi,i))
    spans.sort()
    ok = all(spans[j][1] <= spans[j+1][0] for j in range(len(spans)-1)) and len(ids)+2*len(spans)+2 <= 128
    if not ok:
        for lo,hi,i in spans:
            q, k = enc(s, T[i].start, T[i].end); seqs.append(q); marks.append(k); idxs.append(i)
        continue
    seq=[enc.cls]; pos={}; prev=0
    for lo,hi,i in spans:
        seq += ids[prev:lo]; pos[i]=len(seq); seq += [enc.open, *ids[lo:hi], enc.close]; prev=hi
    seq += ids[prev:]+[enc.sep]
    for lo,hi,i in spans: seqs.append(seq); marks.append(pos[i]); idxs.append(i)
out = np.zeros((len(T),3))
order = sorted(range(len(seqs)), key=lambda j: len(seqs[j]))
t0=time.time()
for k in range(0,len(order),32):
    b=order[k:k+32]
    out[[idxs[j] for j in b]] = _softmax(m.logits([seqs[j] for j in b],[marks[j] for j in b]))
print(time.time()-t0, "s", len(by), "sentences")
print("multi-marked mpnet", macro_f1([t.label for t in T],[LABELS[i] for i in out.argmax(1)])["macro_f1"])
