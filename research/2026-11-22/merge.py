import yaml, collections, sys, re
files = ['anthropic','openai-bedrock','bedrock-open-and-embed','azure-commercial','azure-gov']
models = collections.OrderedDict()
extra_regions = {}
NEWEST_SCHEDULE_GA = {('gpt-5','2025-08-07'),('gpt-5-mini','2025-08-07'),('gpt-5-nano','2025-08-07'),('gpt-5.1','2025-11-13')}
for f in files:
    d = yaml.safe_load(open(f + '.yaml'))
    for r in d.get('regions') or []:
        extra_regions[r['code']] = r
    for m in d['models']:
        offers = []
        for o in m.get('offers') or []:
            if o.get('cloud') == 'aws' and not o.get('id'):
                m.setdefault('note', '')
                m['note'] = (m.get('note') or '') + f" An AWS offer is documented but its model id is not published in any page read, so it is left out."
                continue
            notes = [o['note']] if o.get('note') else []
            if o.get('profiles'):
                empty = [p['prefix'] for p in o['profiles'] if not p.get('routes')]
                if empty:
                    o['profiles'] = [p for p in o['profiles'] if p.get('routes')]
                    notes.append("Profiles " + ", ".join(p + "." for p in empty) + " are documented but their source-to-destination routes are not confirmed, so twinstack does not route through them.")
            if not o.get('profiles'):
                o.pop('profiles', None)
            if o.get('cloud') == 'aws' and 'bedrock-runtime' in (o.get('endpoints') or []):
                f = o.setdefault('features', {})
                fixed = [k for k in ('invocation_logging', 'private_endpoint') if f.get(k) == 'unconfirmed']
                for k in fixed:
                    f[k] = True
                if fixed:
                    o['source'] = o['source'].rstrip() + "; endpoint-level features (" + ", ".join(fixed) + "): Bedrock user guide: Monitor model invocation using CloudWatch Logs and Amazon S3, https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html (invocation logging records bedrock-runtime calls), and Use interface VPC endpoints (AWS PrivateLink), https://docs.aws.amazon.com/bedrock/latest/userguide/vpc-interface-endpoints.html (bedrock-runtime endpoint)"
            l = o.get('lifecycle') or {}
            if o.get('cloud') == 'azure' and (o.get('model'), str(o.get('version'))) in NEWEST_SCHEDULE_GA and l.get('deprecated'):
                notes.append(f"An older retirement table (2025-12-16) gave {l['deprecated']} as the date new customers lose access; the newest schedule read (2026-09-02) lists the version as generally available, so that date is not applied here.")
                l['deprecated'] = None
            if o.get('cloud') == 'azure':
                o['deployments'] = {k: v for k, v in (o.get('deployments') or {}).items() if v}
            for k in ['in_region']:
                if o.get(k) == []: o.pop(k)
            o['note'] = " ".join(notes) if notes else None
            o['verified'] = str(o['verified'])
            for k in ['since','legacy','deprecated','end_of_life']:
                if l.get(k) is not None: l[k] = str(l[k])
            offers.append(o)
        key = m['key']
        if not offers and key == 'gpt-6-1-terra':
            continue
        if key == 'gpt-oss-120b':
            offers = [o for o in offers if o.get('cloud') != 'azure']
            m['note'] = "Azure offers gpt-oss-120b as a Foundry Model sold directly by Azure (deployment format OpenAI-OSS, version 1, Global Standard in all Azure OpenAI regions, needs a Foundry project; Foundry Models sold directly by Azure, MicrosoftDocs/azure-ai-docs models-azure-direct-openai.md 2026-04-24). twinstack renders Azure OpenAI-format deployments only, so no Azure offer is listed and lint refuses gpt-oss-120b on azure rather than render a deployment that would fail."
        if key in models:
            models[key]['offers'].extend(offers)
            if m.get('note') and m['note'] != models[key].get('note'):
                models[key]['note'] = ((models[key].get('note') or '') + ' ' + m['note']).strip()
        else:
            e = {k: m[k] for k in ['key','name','vendor','kind','open_weights']}
            if m.get('note'): e['note'] = m['note']
            e['offers'] = offers
            models[key] = e
if 'gpt-4o' in models:
    models['gpt-4o']['note'] = "Not offered on Amazon Bedrock: no Bedrock user-guide page (model cards, regional availability, OpenAI models) lists a GPT-4o model id; OpenAI on Bedrock means gpt-oss and GPT-5.x/6.x (checked 2026-11-22)."
def group(m):
    if m['kind'] == 'embedding': return 'embeddings'
    return {'Anthropic':'anthropic','OpenAI':'openai','Meta':'meta','Mistral AI':'mistral'}.get(m['vendor'], 'other')
out = collections.defaultdict(list)
for m in models.values():
    out[group(m)].append(m)
print({k: [m['key'] for m in v] for k, v in out.items()}, file=sys.stderr)
class D(yaml.SafeDumper): pass
def str_rep(dumper, data):
    return dumper.represent_scalar('tag:yaml.org,2002:str', data)
D.add_representer(str, str_rep)
HEAD = """# yaml-language-server: $schema=../catalog.schema.json
#
# {title} — twinstack model catalog. Facts checked {date} against the providers' documentation;
# every offer names its source, the date it was checked and a confidence (verified | secondary |
# unverified), and says in `note` what could not be confirmed. `catalog/README.md` explains the
# shape; `twinstack catalog models KEY` shows an entry as a table.
"""
titles = {'anthropic':'Anthropic Claude','openai':'OpenAI models on Bedrock and Azure OpenAI','meta':'Meta Llama','mistral':'Mistral AI','embeddings':'Embedding models'}
for k, v in out.items():
    text = yaml.dump({'models': v}, Dumper=D, sort_keys=False, width=100, allow_unicode=True, default_flow_style=None)
    open(f'/work/main/catalog/models/{k}.yaml', 'w').write(HEAD.format(title=titles.get(k, k), date='2026-11-22') + text)
yaml.safe_dump(extra_regions, open('/tmp/extra_regions.yaml','w'))
