# Derives chat-completions.openapi.json from OpenAI's openapi.yaml: the POST /chat/completions
# request body and every component schema it reaches, unchanged.
#   python3 derive_spec.py path/to/openapi.yaml > chat-completions.openapi.json
import json, sys, yaml

spec = yaml.safe_load(open(sys.argv[1]))
op = spec['paths']['/chat/completions']['post']
schemas = spec['components']['schemas']
keep = {}

def walk(n):
    if isinstance(n, dict):
        for k, v in n.items():
            if k == '$ref' and isinstance(v, str) and v.startswith('#/components/schemas/'):
                name = v.split('/')[-1]
                if name not in keep:
                    keep[name] = schemas[name]
                    walk(schemas[name])
            else:
                walk(v)
    elif isinstance(n, list):
        for x in n:
            walk(x)

walk(op['requestBody'])
json.dump({'openapi': spec['openapi'],
           'info': {'title': spec['info']['title'], 'version': str(spec['info'].get('version', '0'))},
           'paths': {'/chat/completions': {'post': {'operationId': op.get('operationId'),
                                                    'requestBody': op['requestBody'],
                                                    'responses': {'200': {'description': 'OK'}}}}},
           'components': {'schemas': keep}}, sys.stdout, indent=1, sort_keys=True)
