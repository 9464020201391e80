import yaml, re
src='research/2026-11-22/prices.yaml'
d=yaml.safe_load(open(src))['prices']
out={}
last=None
for p in d:
    e={}
    for k in ['cloud','partition','region','meter','offer','variant','unit','usd','verified','source','confidence','note']:
        v=p.get(k)
        if k=='region' and v=='*': v='all'
        if v is None and k not in ('usd',): continue
        e[k]=v
    var=e.get('variant')
    if var=='batch' and e['cloud']=='azure' and e['meter'].startswith('tokens-batch'):
        e['variant']= 'global-batch' if last=='global' else 'data-zone-batch'
    elif var not in (None,'batch'):
        last=var
    if e['meter']=='ptu' and e.get('variant')=='global' and 'every listed region' in e.get('note',''):
        e['region']='all'
    regions=[e['region']]
    if e['meter']=='ptu' and e.get('variant')=='regional' and e['partition']=='azure':
        m=re.match(r'ProvisionedManaged at [0-9.]+ in ([a-z0-9, ]+)\.', e.get('note','')) or re.match(r'[0-9.]+ in ([a-z0-9, ]+?)(?: and others)?\.', e.get('note',''))
        if m:
            regions=[r.strip() for r in m.group(1).replace(' and others','').split(',')]
            regions=[r for r in regions if re.fullmatch(r'[a-z0-9]+',r)]
    for i,r in enumerate(regions):
        x=dict(e); x['region']=r
        if r!=e['region'] or len(regions)>1:
            x['note']=e.get('note','')+(' (One entry per region the note names.)')
        out.setdefault(e['partition'],[]).append(x)
class D(yaml.SafeDumper): pass
def s(dumper,data):
    return dumper.represent_scalar('tag:yaml.org,2002:str',data)
for part,entries in out.items():
    with open(f'catalog/prices/{part}.yaml','w') as f:
        f.write(f"""# Unit prices (USD) for the {part} partition, seeded from research/2026-11-22/prices.yaml.
#
# One entry per cloud, partition, region (or `all`), meter, offer and variant. `usd` is null where no
# provider figure was confirmed: the estimate then says "price unconfirmed" and never counts it as $0.
# `confidence: secondary` means the provider's own figures read through a copy made by someone else
# (a scrape of the price page, a dump of the price API); `verified` is the date they were checked.
# Azure batch variants are `global-batch` (may process in any geography) and `data-zone-batch`.
# The schema is catalog/catalog.schema.json (`twinstack schema catalog`); a team overlays or adds
# prices with `--catalog DIR`, an entry with the same key replacing this one.
""")
        yaml.dump({'prices':entries},f,Dumper=D,sort_keys=False,allow_unicode=True,width=110)
    print(part,len(entries))
