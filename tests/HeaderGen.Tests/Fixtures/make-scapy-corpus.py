#!/usr/bin/env python3
"""Writes scapy-corpus.jsonl: 608 frames built by Scapy (an implementation independent of HeaderGen), each with
the field values Scapy reports for every layer, named as HeaderGen names them. Run once; the output is committed
and the tests never run Scapy. Usage: python3 make-scapy-corpus.py > scapy-corpus.jsonl (Scapy 2.5, Debian's
python3-scapy: /usr/bin/python3)."""
import json
import random
from scapy.all import Ether, Dot1Q, IP, IPv6, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrFragment, UDP, TCP, ICMP, ARP, Raw, Padding, raw
from scapy.layers.inet import IPOption_RR, IPOption_Router_Alert, IPOption_NOP

random.seed(20261124)

def unicast_mac():
    b = [random.randrange(256) for _ in range(6)]
    b[0] &= 0xFE
    return ":".join(f"{x:02x}" for x in b)

def ip4():
    return ".".join(str(random.randrange(1, 255)) for _ in range(4))

def payload(lo=0, hi=80):
    return bytes(random.randrange(256) for _ in range(random.randrange(lo, hi + 1)))

def ethernet(f):
    e = f[Ether]
    return {"layer": "Ethernet", "fields": {"Destination": e.dst, "Source": e.src, "EtherType": e.type}}

def vlan(f):
    v = f[Dot1Q]
    return {"layer": "Ieee8021QTag", "fields": {"Priority": v.prio, "DropEligible": v.id, "VlanId": v.vlan, "EtherType": v.type}}

def ipv4(f):
    i = f[IP]
    flags = int(i.flags)
    return {"layer": "Ipv4", "fields": {
        "Version": i.version, "Ihl": i.ihl, "Dscp": i.tos >> 2, "Ecn": i.tos & 3, "TotalLength": i.len,
        "Identification": i.id, "ReservedFlag": bool(flags & 4), "DontFragment": bool(flags & 2),
        "MoreFragments": bool(flags & 1), "FragmentOffset": i.frag, "TimeToLive": i.ttl, "Protocol": i.proto,
        "HeaderChecksum": i.chksum, "SourceAddress": i.src, "DestinationAddress": i.dst},
        "options": raw(i)[20:i.ihl * 4].hex()}

def ipv6(f):
    i = f[IPv6]
    return {"layer": "Ipv6", "fields": {
        "Version": i.version, "TrafficClass": i.tc, "FlowLabel": i.fl, "PayloadLength": i.plen, "NextHeader": i.nh,
        "HopLimit": i.hlim, "SourceAddress": i.src, "DestinationAddress": i.dst}}

def ext(cls, name, extra=lambda x: {}):
    def read(f):
        x = f[cls]
        fields = {"NextHeader": x.nh, "Length": x.len}
        fields.update(extra(x))
        fixed = 4 if cls is IPv6ExtHdrRouting else 2   # the declaration's fixed part; the rest is its options region
        return {"layer": name, "fields": fields, "options": raw(x)[fixed:(x.len + 1) * 8].hex()}
    return read

def fragment_header(f):
    x = f[IPv6ExtHdrFragment]
    return {"layer": "Ipv6Fragment", "fields": {"NextHeader": x.nh, "Reserved": x.res1, "FragmentOffset": x.offset,
            "Reserved2": x.res2, "MoreFragments": bool(x.m), "Identification": x.id}}

def ip6():
    # Random addresses, with runs of zero groups often enough that the canonical text (RFC 5952) compresses them.
    groups = [random.randrange(65536) if random.random() < 0.6 else 0 for _ in range(8)]
    return ":".join(f"{g:x}" for g in groups)

def udp(f):
    u = f[UDP]
    return {"layer": "Udp", "fields": {"SourcePort": u.sport, "DestinationPort": u.dport, "Length": u.len, "Checksum": u.chksum}}

def tcp(f):
    t = f[TCP]
    fl = int(t.flags)
    return {"layer": "Tcp", "fields": {
        "SourcePort": t.sport, "DestinationPort": t.dport, "SequenceNumber": t.seq, "AcknowledgmentNumber": t.ack,
        "DataOffset": t.dataofs, "Reserved": t.reserved, "Cwr": bool(fl & 0x80), "Ece": bool(fl & 0x40),
        "Urg": bool(fl & 0x20), "Ack": bool(fl & 0x10), "Psh": bool(fl & 0x08), "Rst": bool(fl & 0x04),
        "Syn": bool(fl & 0x02), "Fin": bool(fl & 0x01), "Window": t.window, "Checksum": t.chksum, "UrgentPointer": t.urgptr},
        "options": raw(t)[20:t.dataofs * 4].hex(), "decoded_options": decoded_tcp_options(t)}

def decoded_tcp_options(t):
    # Scapy's own reading of the options (TCP(bytes) re-parses them), so that HeaderGen's option reader is judged
    # by another implementation: [kind name, value] with tuples as lists and bytes as hex.
    out = []
    for name, value in TCP(raw(t)).options:
        if isinstance(value, bytes):
            value = value.hex()
        elif isinstance(value, tuple):
            value = list(value)
        out.append([name, value])
    return out

def icmp(f):
    c = f[ICMP]
    rest = raw(c)[4:8]
    return {"layer": "Icmp", "fields": {"Type": c.type, "Code": c.code, "Checksum": c.chksum,
                                        "RestOfHeader": int.from_bytes(rest, "big")}}

def arp(f):
    a = f[ARP]
    return {"layer": "Arp", "fields": {"HardwareType": a.hwtype, "ProtocolType": a.ptype, "HardwareLength": a.hwlen,
        "ProtocolLength": a.plen, "Operation": a.op, "SenderHardwareAddress": a.hwsrc, "SenderProtocolAddress": a.psrc,
        "TargetHardwareAddress": a.hwdst, "TargetProtocolAddress": a.pdst}}

def tcp_options():
    choices = [
        [("MSS", random.randrange(536, 9000))],
        [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (random.getrandbits(32), random.getrandbits(32))), ("NOP", None), ("WScale", random.randrange(15))],
        [("NOP", None), ("NOP", None), ("Timestamp", (random.getrandbits(32), random.getrandbits(32)))],
        [("NOP", None), ("NOP", None), ("SAck", (random.getrandbits(32), random.getrandbits(32)))],
        [("NOP", None), ("NOP", None), ("SAck", (1000, 2000, 3000, 4000))],
        [],
    ]
    return random.choice(choices)

def ip_options():
    return random.choice([[], [], [IPOption_Router_Alert()], [IPOption_RR(routers=["10.0.0.1", "10.0.0.2"])], [IPOption_NOP(), IPOption_Router_Alert()]])

def ip_header(proto_payload_len=None):
    return IP(src=ip4(), dst=ip4(), ttl=random.randrange(1, 256), id=random.randrange(65536),
              tos=random.randrange(256), flags=random.choice(["", "DF"]), options=ip_options())

def emit(name, frame, layers, data):
    b = raw(frame)
    f = Ether(b)
    print(json.dumps({"name": name, "hex": b.hex(), "layers": [l(f) for l in layers], "payload": data.hex()}))

for i in range(60):
    data = payload()
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / ip_header() / UDP(sport=random.randrange(1024, 65536), dport=random.choice([53, 123, 5353, 9999, random.randrange(1024, 65536)])) / Raw(data)
    emit(f"udp-{i}", frame, [ethernet, ipv4, udp], data)

for i in range(60):
    data = payload(0, 60) if random.random() < 0.5 else b""
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / ip_header() / TCP(
        sport=random.randrange(1024, 65536), dport=random.choice([22, 80, 443, 8080]), seq=random.getrandbits(32),
        ack=random.getrandbits(32), flags=random.choice(["S", "SA", "A", "PA", "FA", "R", "SEC", "U"]),
        window=random.randrange(65536), urgptr=random.randrange(65536) if random.random() < 0.2 else 0,
        options=tcp_options()) / Raw(data)
    emit(f"tcp-{i}", frame, [ethernet, ipv4, tcp], data)

for i in range(15):
    data = payload(0, 56)
    kind = random.choice([0, 8])
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IP(src=ip4(), dst=ip4(), ttl=64) / ICMP(type=kind, id=random.randrange(65536), seq=random.randrange(65536)) / Raw(data)
    emit(f"icmp-echo-{i}", frame, [ethernet, ipv4, icmp], data)

for i in range(15):
    quoted = raw(IP(src=ip4(), dst=ip4(), ttl=1) / UDP(sport=random.randrange(1024, 65536), dport=33434) / Raw(payload(0, 8)))[:28]
    kind, code = random.choice([(3, 3), (3, 1), (11, 0), (3, 4)])
    icmp_layer = ICMP(type=kind, code=code, nexthopmtu=1400) if (kind, code) == (3, 4) else ICMP(type=kind, code=code)
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IP(src=ip4(), dst=ip4(), ttl=64) / icmp_layer / Raw(quoted)
    emit(f"icmp-error-{i}", frame, [ethernet, ipv4, icmp], quoted)

for i in range(20):
    op = random.choice([1, 2])
    target = "00:00:00:00:00:00" if op == 1 else unicast_mac()
    frame = Ether(dst="ff:ff:ff:ff:ff:ff" if op == 1 else unicast_mac(), src=unicast_mac()) / ARP(
        op=op, hwsrc=unicast_mac(), psrc=ip4(), hwdst=target, pdst=ip4())
    emit(f"arp-{i}", frame, [ethernet, arp], b"")

for i in range(20):
    data = payload(0, 40)
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / Dot1Q(vlan=random.randrange(1, 4095), prio=random.randrange(8), id=random.randrange(2)) / IP(src=ip4(), dst=ip4(), ttl=random.randrange(1, 256)) / UDP(sport=random.randrange(1024, 65536), dport=random.randrange(1024, 65536)) / Raw(data)
    emit(f"vlan-udp-{i}", frame, [ethernet, vlan, ipv4, udp], data)

for i in range(10):
    data = payload(0, 10)
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IP(src=ip4(), dst=ip4(), ttl=64) / UDP(sport=random.randrange(1024, 65536), dport=random.randrange(1024, 65536)) / Raw(data)
    pad = max(0, 60 - len(raw(frame)))
    frame = frame / Padding(b"\x00" * pad)
    emit(f"padded-udp-{i}", frame, [ethernet, ipv4, udp], data)
for i in range(30):
    # IPv6 with a UDP or TCP segment (checksummed over the IPv6 pseudo-header) or raw bytes after it.
    upper = random.choice([UDP(sport=random.randrange(1024, 65536), dport=53), TCP(sport=random.randrange(1024, 65536), dport=443, flags="S"), Raw(payload(1, 30))])
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IPv6(src=ip6(), dst=ip6(), tc=random.randrange(256),
        fl=random.randrange(1 << 20), hlim=random.randrange(256)) / upper / Raw(payload(0, 40))
    parsed = Ether(raw(frame))
    transport = [udp] if UDP in parsed else [tcp] if TCP in parsed else []
    last = parsed[UDP] if UDP in parsed else parsed[TCP] if TCP in parsed else parsed[IPv6]
    emit(f"ipv6-{i}", frame, [ethernet, ipv6] + transport, raw(last.payload))
for i in range(24):
    # IPv6 with a chain of extension headers (RFC 8200 4.1 order), then UDP, whose checksum Scapy computes over the
    # final destination of a routing header; the walk follows the chain to UDP, or stops at a fragment that is not the
    # whole packet.
    chain, readers = [], [ethernet, ipv6]
    if random.random() < 0.6:
        chain.append(IPv6ExtHdrHopByHop(options=[]) if random.random() < 0.5 else IPv6ExtHdrHopByHop())
        readers.append(ext(IPv6ExtHdrHopByHop, "Ipv6HopByHop"))
    if random.random() < 0.5:
        chain.append(IPv6ExtHdrRouting(addresses=[ip6() for _ in range(random.randrange(0, 3))], segleft=random.randrange(0, 3)))
        readers.append(ext(IPv6ExtHdrRouting, "Ipv6Routing", lambda x: {"RoutingType": x.type, "SegmentsLeft": x.segleft}))
    if random.random() < 0.5:
        chain.append(IPv6ExtHdrFragment(offset=random.choice([0, 0, random.randrange(1, 8192)]), m=random.randrange(2), id=random.getrandbits(32)))
        readers.append(fragment_header)
    if random.random() < 0.5:
        chain.append(IPv6ExtHdrDestOpt())
        readers.append(ext(IPv6ExtHdrDestOpt, "Ipv6DestinationOptions"))
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IPv6(src=ip6(), dst=ip6(), hlim=random.randrange(256))
    for h in chain:
        frame = frame / h
    frame = frame / UDP(sport=random.randrange(1024, 65536), dport=53) / Raw(payload(0, 30))
    parsed = Ether(raw(frame))
    # A fragment that is not the whole packet ends the walk: what follows it is data, even a destination options header.
    if IPv6ExtHdrFragment in parsed and (parsed[IPv6ExtHdrFragment].offset != 0 or parsed[IPv6ExtHdrFragment].m):
        readers = readers[:readers.index(fragment_header) + 1]
        last = parsed[IPv6ExtHdrFragment]
    else:
        readers.append(udp)
        last = parsed[UDP]
    emit(f"ipv6-ext-{i}", frame, readers, raw(last.payload))
from scapy.layers.inet6 import ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6DestUnreach, ICMPv6PacketTooBig, ICMPv6TimeExceeded, ICMPv6ND_NS

def icmpv6(f):
    # Type, code and checksum as Scapy decodes them; the second word from the bytes (its meaning depends on the type).
    x = f[IPv6].payload
    while x.name.startswith("IPv6 Extension"):
        x = x.payload
    b = raw(x)
    return {"layer": "Icmpv6", "fields": {"Type": x.type, "Code": x.code, "Checksum": x.cksum,
            "RestOfHeader": int.from_bytes(b[4:8], "big")}}

for i in range(24):
    # ICMPv6 (RFC 4443), its checksum over the IPv6 pseudo-header: echo with data, errors quoting a packet, a
    # neighbor solicitation; some behind a Hop-by-Hop header (as MLD and router alerts travel).
    kind = i % 6
    if kind in (0, 1):
        message = (ICMPv6EchoRequest if kind == 0 else ICMPv6EchoReply)(id=random.randrange(65536), seq=random.randrange(65536), data=payload(0, 40))
    elif kind == 2:
        message = ICMPv6DestUnreach(code=random.randrange(7)) / IPv6(src=ip6(), dst=ip6()) / UDP(sport=random.randrange(1024, 65536), dport=53)
    elif kind == 3:
        message = ICMPv6PacketTooBig(mtu=random.choice([1280, 1400, 1480])) / IPv6(src=ip6(), dst=ip6()) / Raw(payload(0, 20))
    elif kind == 4:
        message = ICMPv6TimeExceeded(code=random.randrange(2)) / IPv6(src=ip6(), dst=ip6(), hlim=1) / Raw(payload(0, 20))
    else:
        message = ICMPv6ND_NS(tgt=ip6())
    readers = [ethernet, ipv6]
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IPv6(src=ip6(), dst=ip6(), hlim=255)
    if random.random() < 0.3:
        frame = frame / IPv6ExtHdrHopByHop()
        readers.append(ext(IPv6ExtHdrHopByHop, "Ipv6HopByHop"))
    frame = frame / message
    readers.append(icmpv6)
    parsed = Ether(raw(frame))
    x = parsed[IPv6].payload
    while x.name.startswith("IPv6 Extension"):
        x = x.payload
    emit(f"icmpv6-{i}", frame, readers, raw(x)[8:])
from scapy.layers.l2 import GRE
from scapy.contrib.mpls import MPLS
from scapy.layers.inet import fragment

def gre(f):
    g = f[GRE]
    present = lambda flag, value: value if flag else None
    return {"layer": "Gre", "fields": {
        "ChecksumPresent": bool(g.chksum_present), "RoutingPresent": bool(g.routing_present), "KeyPresent": bool(g.key_present),
        "SequencePresent": bool(g.seqnum_present),
        "Reserved0": (g.strict_route_source << 8) | (g.recursion_control << 5) | g.flags, "Version": g.version,
        "ProtocolType": g.proto, "Checksum": present(g.chksum_present, g.chksum), "Reserved1": present(g.chksum_present, g.offset),
        "Key": present(g.key_present, g.key), "SequenceNumber": present(g.seqnum_present, g.sequence_number)}}

def mpls(index):
    def read(f):
        m = f[MPLS:index + 1]
        return {"layer": "Mpls", "fields": {"Label": m.label, "TrafficClass": m.cos, "BottomOfStack": bool(m.s), "TimeToLive": m.ttl}}
    return read

def ipv4_at(index):
    def read(f):
        i = f[IP:index + 1]
        entry = ipv4(Ether() / i)
        return entry
    return read

def ipv6_at(index):
    def read(f):
        return ipv6(Ether() / f[IPv6:index + 1])
    return read

def udp_at(index):
    def read(f):
        return udp(Ether() / IP() / f[UDP:index + 1])
    return read

def inner(kind):
    """An inner packet for a tunnel: its layers and readers (given how many IPv4/IPv6/UDP layers come before it)."""
    data = payload(0, 24)
    if kind == "ipv4":
        return IP(src=ip4(), dst=ip4(), ttl=random.randrange(1, 256), id=random.randrange(65536)) / UDP(sport=random.randrange(1024, 65536), dport=random.randrange(1, 65536)) / Raw(data), data
    if kind == "ipv6":
        return IPv6(src=ip6(), dst=ip6(), hlim=random.randrange(256)) / UDP(sport=random.randrange(1024, 65536), dport=53) / Raw(data), data
    return Ether(dst=unicast_mac(), src=unicast_mac()) / IP(src=ip4(), dst=ip4(), ttl=64) / UDP(sport=random.randrange(1024, 65536), dport=random.randrange(1, 65536)) / Raw(data), data

def inner_readers(kind, ip4s, ip6s, udps):
    if kind == "ipv4":
        return [ipv4_at(ip4s), udp_at(udps)]
    if kind == "ipv6":
        return [ipv6_at(ip6s), udp_at(udps)]
    return [lambda f: ethernet(f[Ether:2]), ipv4_at(ip4s), udp_at(udps)]

n = 0
for flags in range(8):
    # GRE (RFC 2784/2890) with every combination of C, K and S, over IPv4 and IPv6, carrying IPv4, IPv6 and Ethernet.
    for kind in ("ipv4", "ipv6", "ether"):
        for outer6 in (False, True, False):
            c, k, s = flags & 1, (flags >> 1) & 1, (flags >> 2) & 1
            g = GRE(chksum_present=c, key_present=k, seqnum_present=s, key=random.getrandbits(32), sequence_number=random.getrandbits(32))
            packet, data = inner(kind)
            outer = IPv6(src=ip6(), dst=ip6(), hlim=64) if outer6 else IP(src=ip4(), dst=ip4(), ttl=random.randrange(1, 256))
            frame = Ether(dst=unicast_mac(), src=unicast_mac()) / outer / g / packet
            readers = [ethernet, ipv6 if outer6 else ipv4, gre] + inner_readers(kind, 0 if outer6 else 1, 1 if outer6 and kind == "ipv6" else 0, 0)
            emit(f"gre-{n}", frame, readers, data)
            n += 1

n = 0
for depth in (1, 2, 3, 4):
    # MPLS label stacks (RFC 3032) of 1 to 4 entries, the bottom's payload IPv4 or IPv6 by its version nibble.
    for kind in ("ipv4", "ipv6", "ipv4", "ipv6", "ipv4"):
        packet, data = inner(kind)
        frame = Ether(dst=unicast_mac(), src=unicast_mac())
        for d in range(depth):
            frame = frame / MPLS(label=random.randrange(16, 1 << 20), cos=random.randrange(8), s=1 if d == depth - 1 else 0, ttl=random.randrange(256))
        frame = frame / packet
        emit(f"mpls-{n}", frame, [ethernet] + [mpls(d) for d in range(depth)] + inner_readers(kind, 0, 0, 0), data)
        n += 1

for i in range(40):
    # IPv4 fragments: the first (MF set, offset 0) and later ones carry data, not a transport header (as Wireshark
    # shows them without reassembly); the walk ends at IPv4.
    whole = IP(src=ip4(), dst=ip4(), id=random.randrange(65536), ttl=64, options=ip_options()) / UDP(sport=random.randrange(1024, 65536), dport=53) / Raw(payload(40, 120))
    pieces = fragment(whole, fragsize=random.choice([16, 24, 32, 48]))
    piece = pieces[0] if i % 2 == 0 else random.choice(pieces[1:])
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / piece
    b = raw(frame)
    parsed = Ether(b)
    start = 14 + parsed[IP].ihl * 4
    emit(f"ipv4-fragment-{i}", frame, [ethernet, ipv4], b[start:14 + parsed[IP].len])

for i in range(60):
    # Transport checksums over IPv6 (and some over IPv4), some of them wrong: Scapy computes the right one, and a
    # frame whose field differs from it is bad (its verdict in "bad").
    kind = i % 4
    data = payload(0, 40)
    over6 = kind != 3
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / (IPv6(src=ip6(), dst=ip6(), hlim=64) if over6 else IP(src=ip4(), dst=ip4(), ttl=64))
    bad = i % 3 == 0
    if kind in (0, 3):
        upper, reader, cls = UDP(sport=random.randrange(1024, 65536), dport=53), udp, UDP
    elif kind == 1:
        upper, reader, cls = TCP(sport=random.randrange(1024, 65536), dport=443, flags="PA", seq=random.getrandbits(32), ack=random.getrandbits(32)), tcp, TCP
    else:
        upper, reader, cls = ICMPv6EchoRequest(id=random.randrange(65536), seq=random.randrange(65536)), icmpv6, ICMPv6EchoRequest
    frame = frame / upper / Raw(data)
    good = raw(frame)
    if bad:
        parsed = Ether(good)
        field = "cksum" if cls is ICMPv6EchoRequest else "chksum"
        right = getattr(parsed[cls], field)
        setattr(frame[cls], field, (right + 1 + random.randrange(0xFFFE)) % 0x10000 or 1)
    parsed = Ether(raw(frame))
    field = "cksum" if cls is ICMPv6EchoRequest else "chksum"
    entry_bad = getattr(parsed[cls], field) != getattr(Ether(good)[cls], field)
    b = raw(frame)
    f = Ether(b)
    layers = [ethernet(f), (ipv6 if over6 else ipv4)(f), reader(f)]
    if entry_bad:
        layers[-1]["checksum"] = "bad"
    print(json.dumps({"name": f"checksum-{i}", "hex": b.hex(), "layers": layers, "payload": (raw(f[cls])[8:] if cls is ICMPv6EchoRequest else data).hex()}))
from scapy.contrib.geneve import GENEVE, GeneveOptions
# Scapy 2.5's Geneve option keeps the bytes after its data as its own payload, so a list of two options reads as one;
# handing them back makes the list read as RFC 8926 lays it out (each option's length says where the next starts).
GeneveOptions.extract_padding = lambda self, s: (b"", s)

def geneve(f):
    g = f[GENEVE]
    region = raw(g)[8:8 + g.optionlen * 4]
    elements, at, malformed = [], 0, False
    # The elements as the region's own length fields give them (Scapy reads the same when they are well formed).
    while at < len(region):
        if len(region) - at < 4 or 4 + (region[at + 3] & 0x1F) * 4 > len(region) - at:
            malformed = True
            break
        length = region[at + 3] & 0x1F
        elements.append([int.from_bytes(region[at:at + 2], "big"), region[at + 2], region[at + 3] >> 5, length, region[at + 4:at + 4 + length * 4].hex()])
        at += 4 + length * 4
    if not malformed:
        assert [[o.classid, o.type, o.reserved, o.length, o.data.hex()] for o in g.options] == elements
    return {"layer": "Geneve", "fields": {"Version": g.version, "OptionsLength": g.optionlen, "Oam": bool(g.oam), "Critical": bool(g.critical),
            "Reserved": g.reserved, "ProtocolType": g.proto, "Vni": g.vni, "Reserved2": g.reserved2},
            "options": region.hex(), "elements": elements, "elements_malformed": malformed}

def geneve_options():
    count = random.choice([0, 1, 1, 2, 3])
    return [GeneveOptions(classid=random.choice([0x0100, 0x0102, 0x0103, random.randrange(65536)]), type=random.randrange(256),
            data=bytes(random.randrange(256) for _ in range(4 * random.randrange(0, 4)))) for _ in range(count)]

n = 0
for kind in ("ether", "ipv4", "ipv6") * 16:
    # Geneve (RFC 8926) over UDP 6081 with 0 to 3 TLV options, carrying Ethernet, IPv4 or IPv6.
    packet, data = inner(kind)
    g = GENEVE(vni=random.randrange(1 << 24), oam=random.randrange(2), critical=random.randrange(2), options=geneve_options())
    g.proto = {"ether": 0x6558, "ipv4": 0x0800, "ipv6": 0x86DD}[kind]
    outer = IP(src=ip4(), dst=ip4(), ttl=64) / UDP(sport=random.randrange(1024, 65536), dport=6081)
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / outer / g / packet
    emit(f"geneve-{n}", frame, [ethernet, ipv4, udp, geneve] + inner_readers(kind, 1, 0, 1), data)
    n += 1

for i in range(12):
    # Options with bad lengths: an option whose length runs past the region (by one word, by several, or the most its
    # 5 bits can say), after none or one good option. The Geneve header still parses (its own length fits); the list
    # stops where the bad option is. Scapy cannot build a bad list through its fields, so the region is spliced in and
    # the outer lengths are fixed by hand; Scapy then recomputes the IPv4 and UDP checksums.
    good = [GeneveOptions(classid=0x0100, type=1, data=bytes(4 * random.randrange(0, 2)))] if i % 2 else []
    claimed = [2, 5, 31][i % 3]
    region = b"".join(raw(o) for o in good) + bytes([0x01, 0x02, 0x04, claimed]) + b"\xAA" * 4
    data = payload(0, 16)
    inner_packet = IP(src=ip4(), dst=ip4(), ttl=64) / UDP(sport=random.randrange(1024, 65536), dport=9) / Raw(data)
    head = raw(Ether(dst=unicast_mac(), src=unicast_mac()) / IP(src=ip4(), dst=ip4(), ttl=64) / UDP(sport=random.randrange(1024, 65536), dport=6081, chksum=0))
    body = raw(GENEVE(vni=random.randrange(1 << 24), proto=0x0800, optionlen=len(region) // 4))[:8] + region + raw(inner_packet)
    b = bytearray(head + body)
    b[16:18] = (len(b) - 14).to_bytes(2, "big")
    b[38:40] = (len(b) - 34).to_bytes(2, "big")
    parsed = Ether(bytes(b))
    del parsed[IP].chksum
    del parsed[UDP].chksum
    b = raw(parsed)
    parsed = Ether(b)
    readers = [ethernet, ipv4, udp, geneve, ipv4_at(1), udp_at(1)]
    print(json.dumps({"name": f"geneve-bad-options-{i}", "hex": b.hex(), "layers": [r(parsed) for r in readers], "payload": data.hex()}))
from scapy.layers.vxlan import VXLAN
from scapy.layers.ipsec import AH

def vxlan(f):
    v = f[VXLAN]
    flags = int(v.flags)
    return {"layer": "Vxlan", "fields": {"ReservedFlags": flags >> 4, "VniValid": bool(flags & 0x08), "MoreReservedFlags": flags & 7,
            "Reserved": (v.reserved0 << 8) | v.NextProtocol if flags & 0x04 else v.reserved1, "Vni": v.vni, "ReservedLow": v.reserved2}}

for i in range(30):
    # VXLAN (RFC 7348) over UDP 4789 carrying an Ethernet frame; a third with Scapy's default flags, which also set the
    # GPE next-protocol bit and byte (reserved bits to RFC 7348, read and rebuilt as they are).
    packet, data = inner("ether")
    v = VXLAN(vni=random.randrange(1 << 24)) if i % 3 == 0 else VXLAN(vni=random.randrange(1 << 24), flags=0x08)
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IP(src=ip4(), dst=ip4(), ttl=64) / UDP(sport=random.randrange(1024, 65536), dport=4789) / v / packet
    emit(f"vxlan-{i}", frame, [ethernet, ipv4, udp, vxlan] + inner_readers("ether", 1, 0, 1), data)

def ones_complement(data):
    data = data + b"\x00" * (len(data) % 2)
    s = sum(int.from_bytes(data[j:j + 2], "big") for j in range(0, len(data), 2))
    while s > 0xFFFF:
        s = (s & 0xFFFF) + (s >> 16)
    return s

for i in range(24):
    # The IP Authentication Header (RFC 4302) in transport mode over IPv4 and IPv6, UDP after it. Scapy 2.5 reads
    # neither the UDP after an AH nor its checksum, so the UDP checksum is computed here over the pseudo-header of the
    # IP header below the AH (RFC 4302 3.1.1), and the layers after the IP header are read from the bytes.
    over6 = i % 2 == 1
    icv = bytes(random.randrange(256) for _ in range(12 if over6 else random.choice([12, 16])))
    data = payload(0, 30)
    ip_layer = IPv6(src=ip6(), dst=ip6(), hlim=64) if over6 else IP(src=ip4(), dst=ip4(), ttl=64)
    frame = Ether(dst=unicast_mac(), src=unicast_mac()) / ip_layer / AH(nh=17, payloadlen=(12 + len(icv)) // 4 - 2, spi=random.getrandbits(32), seq=random.getrandbits(32), icv=icv) / UDP(sport=random.randrange(1024, 65536), dport=random.randrange(1024, 65536), chksum=0) / Raw(data)
    b = bytearray(raw(frame))
    ip_end = 14 + (40 if over6 else 20)
    ah_length = (b[ip_end + 1] + 2) * 4
    u = ip_end + ah_length
    udp_bytes = bytes(b[u:])
    if over6:
        pseudo = b[22:54] + len(udp_bytes).to_bytes(4, "big") + b"\x00\x00\x00\x11"
    else:
        pseudo = b[26:34] + b"\x00\x11" + len(udp_bytes).to_bytes(2, "big")
    checksum = 0xFFFF - ones_complement(bytes(pseudo) + udp_bytes)
    b[u + 6:u + 8] = (checksum or 0xFFFF).to_bytes(2, "big")
    b = bytes(b)
    f = Ether(b)
    ah_fields = lambda f, b=b, ip_end=ip_end, ah_length=ah_length: {"layer": "Ah", "fields": {"NextHeader": b[ip_end], "PayloadLength": b[ip_end + 1],
        "Reserved": int.from_bytes(b[ip_end + 2:ip_end + 4], "big"), "SecurityParametersIndex": f[AH].spi, "SequenceNumber": f[AH].seq},
        "options": b[ip_end + 12:ip_end + ah_length].hex()}
    udp_fields = lambda f, b=b, u=u: {"layer": "Udp", "fields": {"SourcePort": int.from_bytes(b[u:u + 2], "big"), "DestinationPort": int.from_bytes(b[u + 2:u + 4], "big"),
        "Length": int.from_bytes(b[u + 4:u + 6], "big"), "Checksum": int.from_bytes(b[u + 6:u + 8], "big")}}
    print(json.dumps({"name": f"ah-{i}", "hex": b.hex(), "layers": [ethernet(f), (ipv6 if over6 else ipv4)(f), ah_fields(f), udp_fields(f)], "payload": data.hex()}))

for i in range(24):
    # Nested tunnels: MPLS inside GRE (protocol type 0x8847) over IPv4, and GRE behind IPv6 extension headers, each
    # ending in UDP over the innermost IP.
    kind = "ipv4" if i % 2 == 0 else "ipv6"
    packet, data = inner(kind)
    if i < 12:
        depth = 1 + i % 3
        g = GRE(key_present=i % 2, key=random.getrandbits(32), proto=0x8847)
        frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IP(src=ip4(), dst=ip4(), ttl=64) / g
        for d in range(depth):
            frame = frame / MPLS(label=random.randrange(16, 1 << 20), cos=random.randrange(8), s=1 if d == depth - 1 else 0, ttl=random.randrange(256))
        frame = frame / packet
        readers = [ethernet, ipv4, gre] + [mpls(d) for d in range(depth)] + inner_readers(kind, 1, 0, 0)
        emit(f"gre-mpls-{i}", frame, readers, data)
    else:
        frame = Ether(dst=unicast_mac(), src=unicast_mac()) / IPv6(src=ip6(), dst=ip6(), hlim=64) / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() / GRE(seqnum_present=1, sequence_number=random.getrandbits(32)) / packet
        readers = [ethernet, ipv6, ext(IPv6ExtHdrHopByHop, "Ipv6HopByHop"), ext(IPv6ExtHdrDestOpt, "Ipv6DestinationOptions"), gre] + inner_readers(kind, 0, 1, 0)
        emit(f"ipv6-ext-gre-{i - 12}", frame, readers, data)
