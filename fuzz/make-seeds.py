#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/seeds/<target>/ from the
conformance cases (tests/data/conformance/libvirt.jsonl) and hand-written inputs.
Each seed is one options byte (see src/lib.rs, Settings) followed by the input.
Run from anywhere: python3 fuzz/make-seeds.py [path/to/libvirt.jsonl]"""
import hashlib, json, os, random, shutil, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "tests", "data", "conformance", "libvirt.jsonl")
DIALECT = {"xl": 0, "xm": 1, "sxpr": 2}
GUEST = {"auto": 0, "hvm": 1, "pv": 2, "pvh": 3}
VERSION = {None: 0, "3.0.2": 1, "3.0.3": 1, "3.0.4": 2, "3.1.0": 3, "4.1.0": 4, "4.2.0": 5, "4.15.0": 6, "4.4.0": 7}

def opt(dialect="xl", guest="auto", strict=False, version=None):
    return DIALECT[dialect] | GUEST[guest] << 2 | (0x10 if strict else 0) | VERSION[version] << 5

seeds = {t: set() for t in ["interface_xml", "domain_xml", "vif_string", "sxpr", "config", "interface_gen"]}
def add(target, byte, text):
    seeds[target].add(bytes([byte]) + (text.encode() if isinstance(text, str) else text))

def domain(ifaces, os_type="hvm", os_after=False):
    os_xml = f"<os><type>{os_type}</type></os>" if os_type else ""
    devices = "<devices>\n" + "\n".join(ifaces) + "\n</devices>"
    body = devices + os_xml if os_after else os_xml + devices
    return f"<domain type='xen'>\n<name>g</name>\n{body}\n</domain>\n"

with open(CASES) as f:
    cases = [json.loads(l) for l in f if l.strip()]
for c in cases:
    b = opt(c["dialect"], c["guest"], False, c["xen_version"])
    add("interface_xml", b, c["interface_xml"])
    add("interface_xml", b | 0x10, c["interface_xml"])
    os_type = "hvm" if c["guest"] == "hvm" else "linux"
    add("domain_xml", opt(c["dialect"], "auto", False, c["xen_version"]), domain([c["interface_xml"]], os_type))
    if c["dialect"] == "sxpr":
        add("sxpr", b, c["vif"])
    else:
        add("vif_string", b, c["vif"])
        add("config", b, f"name = 'g'\nvif = [ '{c['vif']}' ]\n")

hand_ifaces = [
    "<interface type='bridge'><source bridge='ovsbr0'/><virtualport type='openvswitch'/><vlan><tag id='42'/></vlan></interface>",
    "<interface type='bridge'><source bridge='ovsbr0'/><virtualport type='openvswitch'/><vlan trunk='yes'><tag id='42'/><tag id='43'/></vlan></interface>",
    "<interface type='network'><source network='default'/><mac address='00:16:3e:00:00:01'/></interface>",
    "<interface type='network'><source network='raw:br,x'/></interface>",
    "<interface type='network'><source network='lan'/><script path='/etc/xen/scripts/vif-openvswitch'/></interface>",
    "<interface type='ethernet'><ip address='10.0.0.1'/><ip address='2000:0::1' prefix='64'/><script path='vif-route'/></interface>",
    "<interface type='bridge'><source bridge='br0'/><bandwidth><outbound average='10240'/></bandwidth><backenddomain name='driver'/><target dev='web0'/><mtu size='9000'/></interface>",
    "<interface type='bridge'><source bridge='br0'/><model type='netfront'/><target dev='vif3.0'/></interface>",
    "<interface type='bridge'><source bridge='br0'/><model type='ioemu'/></interface>",
    "<interface type=\"bridge\"><source bridge=\"br&#44;0\"/><driver name='qemu'/><alias name='net0'/></interface>",
    "<?xml version='1.0' encoding='UTF-8'?>\n<!-- c --><interface type='none'/>",
    "<interface type='bridge'><source bridge='br.a.5'/><script path='vif-openvswitch'/></interface>",
]
for x in hand_ifaces:
    for b in (opt(), opt("xm", version="3.0.2"), opt("sxpr", "pv"), opt("xl", "hvm", True, "4.15.0"), opt("xl", "pv", version="4.1.0")):
        add("interface_xml", b, x)
    add("domain_xml", opt(), domain([x]))
add("domain_xml", opt(), domain(hand_ifaces[:4], "xen", os_after=True))
add("domain_xml", opt("xm"), domain(hand_ifaces[4:8], "hvm"))
add("domain_xml", opt("sxpr"), domain([hand_ifaces[0], hand_ifaces[6]], "linux"))
add("domain_xml", opt(), domain([], "hvm"))
add("domain_xml", opt(), domain([hand_ifaces[1]], None))
add("domain_xml", opt(), "<domain type='xen'><os><type machine='xenpvh'>xen</type></os><devices><interface type='bridge'><source bridge='b'/><model type='netfront'/></interface></devices></domain>")
add("domain_xml", opt(guest="pvh"), "<domain/>")

hand_vifs = [
    "mac=00-16-3E-00-00-01, bridge=ovsbr0:10:20 ,script=/etc/xen/scripts/vif-openvswitch,,type=vif",
    "bridge=xenbr0,ip=10.0.0.1 2001:db8::1,rate=100Mb/s@20ms,vifname=web0,backend=driver,mtu=9000",
    "trusted,devid=3,gatewaydev=eth0,colo_x=1,accel=y,script=vif-route,rate=8001b/s",
    "type=netfront,model=e1000,bridge=br0.7,policy=x,label=y,uuid=z",
    "model=ioemu,backend=0,vifname=vif1.0",
    "bridge=br0,bridge=br1",
    "mac=01:00:00:00:00:00",
    "bridge",
]
for v in hand_vifs:
    for b in (opt(), opt("xm"), opt(strict=True), opt("xm", "pv", True, "3.0.2")):
        add("vif_string", b, v)
hand_sxprs = [
    "(device (vif (mac '00:16:3e:00:00:01')(rate '10MB/s')(bridge \"ovsbr0.5\")(script 'vif-openvswitch')(ip '10.0.0.1')(vifname 'w0')(model 'e1000')(type netfront)(backend 'd')))",
    "(vif (bridge 'a\\'b') (uuid 1) (dev eth0) (mtu 1500))",
    "(vif (type ioemu)(model ioemu))",
    "(vif)",
]
for v in hand_sxprs:
    for b in (opt("sxpr"), opt("sxpr", "pv", True), opt("sxpr", "hvm", False, "3.0.2")):
        add("sxpr", b, v)
hand_configs = [
    "# guest\nname = \"web\" ; memory = 512\nvif = [ 'bridge=a', # first\n  \"bridge=b\\\\x\",\n]\nvif += ['mac=00:16:3e:00:00:01']\nextra = 'x'\n",
    "vif = []\n",
    "vif = [ \"mac=00:16:3e:00:00:01,bridge=xenbr0,type=ioemu\", 'bridge=br1,script=vif-bridge,model=e1000' ]\nvif = ['bridge=only']\n",
    "builder = 'hvm'\ndisk = [ 'phy:/dev/vg/g,xvda,w' ]\nvif = [ 'bridge=xenbr0,ip=10.0.0.1\\t', ]",
    "vif = 'bridge=a'\n",
    "import os\nvif = [ 'bridge=%s' % os.environ['B'] ]\n",
    "vif = [ 'bridge=a\\nb' ]\n",
]
for c in hand_configs:
    for b in (opt(), opt("xm"), opt(strict=True), opt("sxpr")):
        add("config", b, c)

rng = random.Random(1)
for i in range(40):
    add("interface_gen", rng.randrange(256), bytes(rng.randrange(256) for _ in range(rng.randrange(8, 120))))

for target, items in seeds.items():
    d = os.path.join(HERE, "seeds", target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for data in sorted(items):
        with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
            f.write(data)
    print(f"{target}: {len(items)} seeds")
