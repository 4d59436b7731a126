import sys, tomllib, json, pathlib
from poetry.packages.locker import Locker
out = {}
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.toml")):
    data = tomllib.loads(p.read_text())
    l = Locker(pathlib.Path("/nonexistent.lock"), data)
    try:
        old = l._get_content_hash(with_dependency_groups=False)
    except TypeError:
        old = l._get_content_hash()
    out[p.name] = {"hash": l._get_content_hash(), "hash_without_groups": old}
print(json.dumps(out, indent=1, sort_keys=True))
