#!/usr/bin/env python3
"""Deterministic benchmark corpus for Briefing, and the equivalent Hugo site.

    Benchmarks/generate.py SCALE OUT [--seed N]

SCALE is S, M, L or XL (briefings / events / profiles):

    S   100 / 1,000 / 200        M   1,000 / 10,000 / 2,000
    L   5,000 / 50,000 / 10,000  XL  10,000 / 100,000 / 20,000

Writes OUT/briefing (a Briefing site: Content/site.yml, briefings/, events/*.yml|*.csv, profiles/,
eras.yml) and OUT/hugo (a Hugo site with the same pages and simple, equivalent layouts), plus
OUT/stats.json. Everything comes from one seeded random generator, never the clock, so the same
scale and seed give byte-identical files. Python standard library only.
"""

import argparse
import csv
import io
import json
import os
import random
import shutil
import sys
import unicodedata

SCALES = {
    "S": (100, 1_000, 200),
    "M": (1_000, 10_000, 2_000),
    "L": (5_000, 50_000, 10_000),
    "XL": (10_000, 100_000, 20_000),
}
EVENTS_PER_FILE = 1_000

FIRST = """José María Ana Lucía Andrés Sofía Martín Valentina Sebastián Camila Nicolás Isabel Tomás Gabriela
Diego Mariana Joaquín Daniela Ramón Verónica Héctor Inés Óscar Beatriz Iván Mónica Raúl Natalia Julián Rocío
Ángel Elena Rubén Adriana Simón Paola Germán Carolina Jesús Patricia Agustín Lorena Víctor Claudia Hernán
Marisol Efraín Yolanda Fabián Ximena Leonel Irene Emilio Noemí Gonzalo Susana Esteban Zoé Cristóbal Aurora
John Mary Robert Linda Michael Susan David Karen James Nancy William Sarah Thomas Helen Charles Laura""".split()
SURNAMES = """Pérez Álvarez Rodríguez González Hernández López Martínez Sánchez Ramírez Torres Flores Rivera
Gómez Díaz Cruz Morales Ortiz Gutiérrez Chávez Ramos Ruiz Jiménez Mendoza Castillo Vásquez Romero Herrera
Medina Aguilar Vargas Castro Guzmán Fernández Muñoz Rojas Salazar Peña Núñez Cabrera Ibáñez Domínguez Benítez
Márquez Quiñones Sáez Galán Cortés Bolívar Mejía Acuña Ávila Carrión Durán Escobar Fuentes Garzón Iriarte
Jáuregui Lozano Maldonado Narváez Ochoa Pacheco Quintero Saldaña Téllez Urdaneta Valdés Zambrano Arráiz
Belandria Colmenares Echeverría Figueroa Goicoechea Smith Johnson Brown Miller Wilson Moore Taylor Clark""".split()
PLACE_A = """San Santa Puerto Villa Ciudad Nueva Valle Cerro Playa Río Isla Barrio""".split()
PLACE_B = """Cristóbal Bárbara Ayacucho Mérida Carúpano Tucupita Maturín Barinas Cumaná Valencia Guanare Coro
Acarigua Guárico Anzoátegui Zulia Táchira Trujillo Yaracuy Apure Cojedes Falcón Lara Miranda Monagas Sucre
Bolívar Amazonas Aragua Carabobo Páez Miraflores Petare Catia Chacao Baruta Ocumare Higuerote Tocuyo""".split()
PLACE_C = ["", "", "", "del Norte", "del Sur", "de Oriente", "de los Andes", "del Lago", "Alto", "Bajo"]
ORG_A = """Ministry Council Committee Front Party Movement Union Federation Agency Office Commission Institute
Bureau Alliance Assembly Tribunal Foundation Network Coalition Directorate""".split()
ORG_B = """Foreign Affairs|Energy|Oil and Mining|Defense|Justice|National Security|Human Rights|Free Press|
Electoral Oversight|Trade|Agriculture|Public Health|Transport Workers|Students|Veterans|Indigenous Peoples|
Fisheries|Finance|Migration|Telecommunications|Education|Water Resources|Reconstruction|Dialogue""".replace("\n", "").split("|")
TAGS = """diplomacy embassy security military protest elections economy oil sanctions migration human-rights
justice corruption energy trade health media press-freedom negotiations opposition government congress
courts police border refugees humanitarian aid agriculture mining finance debt inflation currency banking
transport strikes labor students education church indigenous environment water fisheries infrastructure
telecom internet censorship amnesty prisoners exile asylum treaties united-nations oas regional-summit
coup constitution referendum military-exercises drug-trafficking extradition deportation
reconstruction""".split()
VERBS = """announces meets rejects signs visits condemns proposes approves suspends restores denies confirms
warns launches criticizes defends halts expands questions urges""".split()
NOUNS = """talks agreement sanctions embassy delegation protest election reform ceasefire decree investigation
shipment summit bill accord statement operation release deal referendum strike""".split()
ADJ = """cautious tentative sharp renewed brief formal quiet public unexpected limited broad early fragile
lengthy bilateral regional national provisional disputed growing""".split()
WORDS = """the government said on that officials would continue to press for a review of the measures while
negotiators met behind closed doors in the capital and analysts warned that any progress depended on guarantees
for both sides according to people familiar with the discussions several ministers were expected to travel in
the coming weeks although no date had been set and the opposition demanded more transparency about the terms
of the arrangement critics noted that previous rounds had collapsed over similar disputes and that the economic
situation remained precarious with shortages of fuel and medicine in many regions diplomats described the mood
as constructive but fragile""".split()
PUBLISHERS = ["The Guardian", "Reuters", "Associated Press", "El País", "BBC News", "Efecto Cocuyo",
              "El Nacional", "Al Jazeera", "Bloomberg", "Le Monde"]
QUOTE_BY = ["a senior diplomat", "the foreign ministry", "an opposition lawmaker", "a State Department spokesman",
            "a union leader", "a regional governor", "a human-rights lawyer"]
AUTHORS = ["Newsroom desk", "Caracas bureau", "Washington bureau", "Data team", "Foreign desk"]
ERAS = [("early-democracy", "Early democracy", "1958-01", "1973-12"),
        ("oil-boom", "The oil boom", "1974-01", "1982-12"),
        ("debt-crisis", "Debt crisis years", "1983-01", "1998-12"),
        ("chavez-presidency", "Chávez presidency", "1999-02-02", "2013-03-05"),
        ("maduro-presidency", "Maduro presidency", "2013-03-06", "2019-01-22"),
        ("dual-power", "Rival governments", "2019-01-23", "2025-12-31"),
        ("transition", "Transition", "2026-01-01", None)]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def slug(text):
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out, dash = [], False
    for ch in folded:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def q(value):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def qlist(values):
    return "[" + ", ".join(q(v) for v in values) + "]"


def days_in(year, month):
    return [31, 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28, 31, 30, 31, 30, 31, 31,
            30, 31, 30, 31][month - 1]


class Corpus:
    def __init__(self, scale, seed):
        self.nb, self.ne, self.np = SCALES[scale]
        self.scale = scale
        self.r = random.Random(f"{seed}-{scale}")

    # ----- model -------------------------------------------------------------------------------

    def make_profiles(self):
        r, used_ids, used_names = self.r, set(), set()
        profiles = []
        n_places = max(10, self.np // 10)
        n_orgs = max(10, self.np // 5)
        n_people = self.np - n_places - n_orgs

        def unique(name_fn):
            while True:
                name = name_fn()
                pid = slug(name)
                if name not in used_names and pid not in used_ids:
                    used_names.add(name)
                    used_ids.add(pid)
                    return name, pid

        for _ in range(n_orgs):
            name, pid = unique(lambda: f"{r.choice(ORG_A)} of {r.choice(ORG_B)}"
                               + (f" {r.choice(PLACE_B)}" if r.random() < 0.9 else ""))
            profiles.append({"id": pid, "name": name, "kind": "organization"})
        for _ in range(n_places):
            name, pid = unique(lambda: " ".join(x for x in (r.choice(PLACE_A), r.choice(PLACE_B), r.choice(PLACE_C)) if x))
            profiles.append({"id": pid, "name": name, "kind": "place"})
        for _ in range(n_people):
            def person():
                parts = [r.choice(FIRST)]
                if r.random() < 0.3:
                    parts.append(r.choice(FIRST))
                parts.append(r.choice(SURNAMES))
                if r.random() < 0.7:
                    parts.append(r.choice(SURNAMES))
                return " ".join(parts)
            name, pid = unique(person)
            profiles.append({"id": pid, "name": name, "kind": "person"})
        r.shuffle(profiles)
        self.profiles = profiles
        self.orgs = [p for p in profiles if p["kind"] == "organization"]
        self.places = [p for p in profiles if p["kind"] == "place"]
        self.actors = [p for p in profiles if p["kind"] != "place"]
        # A few "stars" appear far more often, like real coverage.
        self.stars = self.actors[: max(5, len(self.actors) // 50)]
        for p in profiles:
            p["aliases"] = []
            if p["kind"] == "person":
                words = p["name"].split()
                p["role"] = r.choice(["Minister", "Lawmaker", "Diplomat", "Journalist", "General", "Mayor",
                                      "Activist", "Judge", "Economist", "Negotiator"]) + " of " + r.choice(ORG_B)
                if len(words) >= 3 and r.random() < 0.6:
                    p["aliases"].append(words[0] + " " + words[-2])  # "José Pérez" for "José Pérez Álvarez"
                p["born"] = self.partial_date(1930, 1990, (0.1, 0.2))
                p["affiliations"] = [o["id"] for o in r.sample(self.orgs, r.randint(0, 2))]
                start = r.randint(1975, 2015)
                positions = []
                for _ in range(r.randint(0, 3)):
                    end = start + r.randint(1, 6)
                    positions.append({"title": r.choice(["Minister", "Ambassador", "Deputy", "Governor", "Director"])
                                      + " of " + r.choice(ORG_B), "start": f"{start}-{r.randint(1, 12):02d}",
                                      "end": f"{end}-{r.randint(1, 12):02d}" if end < 2026 else None})
                    start = end + 1
                    if start >= 2026:
                        break
                p["positions"] = positions
            elif p["kind"] == "organization":
                p["role"] = r.choice(["Government body", "Political party", "Trade union", "Civil-society group",
                                      "International organization"])
                p["affiliations"], p["positions"] = [], []
            else:
                p["role"] = "City in " + r.choice(["Venezuela", "Colombia", "the Caribbean", "the Andes"])
                p["affiliations"], p["positions"] = [], []
            p["country"] = r.choice(["Venezuela", "Venezuela", "Venezuela", "United States", "Colombia", "Cuba"])
            p["events"], p["briefings"] = [], []

    def partial_date(self, y0, y1, weights=(0.1, 0.2)):
        r = self.r
        y = r.randint(y0, y1)
        x = r.random()
        if x < weights[0]:
            return f"{y}"
        m = r.randint(1, 12)
        if x < weights[0] + weights[1]:
            return f"{y:04d}-{m:02d}"
        return f"{y:04d}-{m:02d}-{r.randint(1, days_in(y, m)):02d}"

    def end_after(self, date):
        """A range end of the same precision, after `date` (None when it would pass 2026)."""
        r, y = self.r, int(date[:4])
        if len(date) == 10 and r.random() < 0.5:
            m, d = int(date[5:7]), int(date[8:10])
            if d < days_in(y, m):
                return f"{date[:8]}{r.randint(d + 1, days_in(y, m)):02d}"
        end = y + r.randint(1, 4)
        if end > 2026:
            return None
        return f"{end}{date[4:8]}{min(int(date[8:10]), 28):02d}" if len(date) == 10 else f"{end}{date[4:]}"

    def pick_actor(self):
        return self.r.choice(self.stars) if self.r.random() < 0.25 else self.r.choice(self.actors)

    def make_events(self):
        r = self.r
        events, ids = [], set()
        for i in range(self.ne):
            date = self.partial_date(1958, 2026, (0.08, 0.17))
            place = r.choice(self.places)
            actor = self.pick_actor()
            title = f"{actor['name']} {r.choice(VERBS)} {r.choice(ADJ)} {r.choice(NOUNS)} in {place['name']}"
            eid = f"{slug(r.choice(NOUNS) + ' ' + place['name'])}-{i:06d}"
            assert eid not in ids
            ids.add(eid)
            people = [actor["id"]] + [self.pick_actor()["id"] for _ in range(r.randint(0, 3))]
            people = list(dict.fromkeys(people))
            places = list(dict.fromkeys([place["id"]] + ([r.choice(self.places)["id"]] if r.random() < 0.2 else [])))
            e = {"id": eid, "date": date, "title": title, "people": people, "places": places,
                 "tags": list(dict.fromkeys(r.choice(TAGS) for _ in range(r.randint(1, 3)))),
                 "importance": r.choices([1, 2, 3], [70, 22, 8])[0],
                 "approximate": r.random() < 0.05, "end": None, "order": None}
            if r.random() < 0.1:
                e["end"] = self.end_after(date)
            if len(date) == 10 and r.random() < 0.1:
                e["order"] = r.randint(1, 5)
            ref = r.choice(people)
            e["summary"] = (f"{self.sentence()} [{self.by_id[ref]['name']}](profile:{ref}) {self.phrase(8, 16)}. "
                            f"{self.sentence()}")
            e["sources"] = [{"title": f"{r.choice(ADJ).capitalize()} {r.choice(NOUNS)} {r.choice(VERBS[:6])} concern",
                             "url": f"https://news.example.com/{date[:4]}/{eid}",
                             "publisher": r.choice(PUBLISHERS)} for _ in range(r.randint(1, 2))]
            for pid in people + places:
                self.by_id[pid]["events"].append(i)
            events.append(e)
        self.events = events

    def phrase(self, a, b):
        r = self.r
        return " ".join(r.choices(WORDS, k=r.randint(a, b)))

    def sentence(self):
        s = self.phrase(8, 22)
        return s[0].upper() + s[1:] + "."

    # ----- Markdown ----------------------------------------------------------------------------

    def briefing_body(self, b, refs_profiles, refs_events, mentions, earlier):
        """600–1,500 words with headings, lists, quotes, reference links and plain mentions."""
        r = self.r
        target = r.randint(600, 1500)
        links = [("profile", p) for p in refs_profiles] + [("event", e) for e in refs_events]
        r.shuffle(links)
        plain = list(mentions)
        blocks, words = [], 0
        section = 0
        while words < target:
            kind = r.random()
            if words > 0 and kind < 0.12:
                section += 1
                blocks.append(f"## {r.choice(ADJ).capitalize()} {r.choice(NOUNS)} {section}")
                continue
            if kind < 0.22:
                items = [f"- {self.sentence()}" for _ in range(r.randint(2, 5))]
                words += sum(len(i.split()) for i in items)
                blocks.append("\n".join(items))
                continue
            if kind < 0.28:
                quote = self.sentence()
                words += len(quote.split())
                blocks.append(f"> \"{quote}\"\n>\n> — {r.choice(QUOTE_BY)}")
                continue
            sentences = []
            for _ in range(r.randint(3, 6)):
                s = self.sentence()
                if links and r.random() < 0.45:
                    kind_, ident = links.pop()
                    text = self.by_id[ident]["name"] if kind_ == "profile" else "the " + r.choice(NOUNS)
                    s = s[:-1] + f", as [{text}]({kind_}:{ident}) showed."
                elif plain and r.random() < 0.3:
                    s = s[:-1] + f" said {self.by_id[plain.pop()]['name']}."
                elif earlier and r.random() < 0.03:
                    s = s[:-1] + f" (see [the earlier briefing](briefing:{r.choice(earlier)}))."
                if r.random() < 0.08:
                    s = s[:-1] + f" in *{r.choice(ADJ)}* terms, with `{r.choice(NOUNS)}` in **{r.choice(NOUNS)}**."
                sentences.append(s)
            paragraph = " ".join(sentences)
            words += len(paragraph.split())
            blocks.append(wrap(paragraph))
        # Whatever did not fit goes in a closing paragraph and list.
        tail = []
        for kind_, ident in links:
            text = self.by_id[ident]["name"] if kind_ == "profile" else "this " + r.choice(NOUNS)
            tail.append(f"- See [{text}]({kind_}:{ident}).")
        if tail:
            blocks.append("## Background")
            blocks.append("\n".join(tail))
        if plain:
            blocks.append(wrap("Also involved: " + ", ".join(self.by_id[p]["name"] for p in plain) + "."))
        return "\n\n".join(blocks) + "\n"

    def make_briefings(self):
        r = self.r
        briefings, ids = [], set()
        # Dated from 2016 on, roughly one a day, several a day at larger scales.
        start = 2016
        for i in range(self.nb):
            day = i * 3650 // self.nb
            y = start + day // 365
            doy = day % 365
            m, d = 1, doy + 1
            while d > days_in(y, m):
                d -= days_in(y, m)
                m += 1
            date = f"{y:04d}-{m:02d}-{d:02d}"
            actor = self.pick_actor()
            title = f"{actor['name']} {r.choice(VERBS)} {r.choice(ADJ)} {r.choice(NOUNS)}"
            bid = f"{slug(r.choice(ADJ) + ' ' + r.choice(NOUNS))}-{i:05d}"
            ids.add(bid)
            n_refs = r.randint(5, 20)
            n_prof = r.randint(2, n_refs - 2)
            refs_profiles = list(dict.fromkeys([actor["id"]] + [self.pick_actor()["id"] if r.random() < 0.8 else r.choice(self.places)["id"] for _ in range(n_prof - 1)]))
            refs_events = list(dict.fromkeys(r.randrange(self.ne) for _ in range(n_refs - len(refs_profiles))))
            mentions = [p["id"] for p in r.sample(self.profiles, r.randint(3, 8)) if p["id"] not in refs_profiles]
            people = refs_profiles[: r.randint(1, min(4, len(refs_profiles)))]
            events_fm = refs_events[: r.randint(1, min(4, len(refs_events)))] if refs_events else []
            earlier = [briefings[j]["id"] for j in r.sample(range(len(briefings)), min(3, len(briefings)))] if briefings else []
            body = self.briefing_body(i, refs_profiles, [self.events[e]["id"] for e in refs_events], mentions, earlier)
            b = {"id": bid, "file": f"{date}-{bid}.md", "date": date, "title": title,
                 "tags": list(dict.fromkeys(r.choice(TAGS) for _ in range(r.randint(1, 3)))),
                 "authors": r.sample(AUTHORS, r.randint(1, 2)), "people": people,
                 "events": [self.events[e]["id"] for e in events_fm], "body": body,
                 "summary": self.sentence() if r.random() < 0.6 else None,
                 "updated": f"{date}T{r.randint(8, 22):02d}:{r.choice(['00', '15', '30', '45'])}:00-04:00" if r.random() < 0.2 else None,
                 "profiles": list(dict.fromkeys(refs_profiles + mentions)), "covers": [self.events[e]["id"] for e in refs_events]}
            for pid in b["profiles"]:
                self.by_id[pid]["briefings"].append(i)
            briefings.append(b)
        self.briefings = briefings
        self.event_briefings = {}
        for i, b in enumerate(briefings):
            for eid in b["covers"]:
                self.event_briefings.setdefault(eid, []).append(i)

    def profile_bio(self, p):
        r = self.r
        paras = [self.sentence() + " " + self.sentence() for _ in range(r.randint(1, 3))]
        if p["events"]:
            e = self.events[r.choice(p["events"])]
            paras[0] += f" Best known for [{r.choice(NOUNS)}](event:{e['id']})."
        if p["affiliations"]:
            o = self.by_id[p["affiliations"][0]]
            paras[-1] += f" A member of [{o['name']}](profile:{o['id']})."
        return "\n\n".join(wrap(x) for x in paras) + "\n"

    def build(self):
        self.make_profiles()
        self.by_id = {p["id"]: p for p in self.profiles}
        self.make_events()
        self.make_briefings()
        for p in self.profiles:
            p["bio"] = self.profile_bio(p)

    # ----- Briefing site -----------------------------------------------------------------------

    def write_briefing_site(self, root):
        content = os.path.join(root, "Content")
        for sub in ("briefings", "events", "profiles"):
            os.makedirs(os.path.join(content, sub))
        write(os.path.join(content, "site.yml"),
              f'title: "Benchmark briefing ({self.scale})"\nbase_url: "https://example.org/bench/"\nlanguage: en\n'
              'description: "A generated corpus for benchmarking Briefing against Hugo."\ntimezone: America/Caracas\n'
              'autolink_mentions: true\nunsafe_html: false\ntimeline_page_size: 500\n')
        eras = []
        for eid, title, start, end in ERAS:
            eras.append(f"- id: {eid}\n  title: {q(title)}\n  date: {start}\n" + (f"  end: {end}\n" if end else "")
                        + f"  summary: {q(self.sentence())}\n")
        write(os.path.join(content, "eras.yml"), "\n".join(eras))
        for n, start in enumerate(range(0, len(self.events), EVENTS_PER_FILE)):
            chunk = self.events[start:start + EVENTS_PER_FILE]
            if n % 3 == 2:
                write(os.path.join(content, "events", f"events-{n:04d}.csv"), events_csv(chunk))
            else:
                write(os.path.join(content, "events", f"events-{n:04d}.yml"), events_yaml(chunk))
        for p in self.profiles:
            fm = [f"name: {q(p['name'])}", f"kind: {p['kind']}", f"role: {q(p['role'])}", f"country: {q(p['country'])}"]
            if p["aliases"]:
                fm.append(f"aliases: {qlist(p['aliases'])}")
            if p.get("born"):
                fm.append(f"born: {p['born']}")
            if p["affiliations"]:
                fm.append(f"affiliations: {qlist(p['affiliations'])}")
            if p["positions"]:
                fm.append("positions:")
                for pos in p["positions"]:
                    fm.append(f"  - title: {q(pos['title'])}\n    start: {pos['start']}" + (f"\n    end: {pos['end']}" if pos["end"] else ""))
            fm.append(f"links:\n  - title: {q(p['name'] + ' on the web')}\n    url: https://example.org/who/{p['id']}")
            write(os.path.join(content, "profiles", p["id"] + ".md"), "---\n" + "\n".join(fm) + "\n---\n" + p["bio"])
        for b in self.briefings:
            fm = [f"title: {q(b['title'])}", f"date: {b['date']}"]
            if b["updated"]:
                fm.append(f"updated: {b['updated']}")
            if b["summary"]:
                fm.append(f"summary: {q(b['summary'])}")
            fm += [f"authors: {qlist(b['authors'])}", f"tags: {qlist(b['tags'])}", f"people: {qlist(b['people'])}",
                   f"events: {qlist(b['events'])}", "draft: false"]
            write(os.path.join(content, "briefings", b["file"]), "---\n" + "\n".join(fm) + "\n---\n" + b["body"])

    # ----- Hugo site ---------------------------------------------------------------------------

    def write_hugo_site(self, root):
        content = os.path.join(root, "content")
        for sub in ("briefings", "events", "profiles", "timeline", "covers"):
            os.makedirs(os.path.join(content, sub))
        # Timeline filter and year pages: HTML only (Briefing writes feeds for profiles and tags only).
        for taxonomy in ("people", "places", "facettags", "years"):
            write(os.path.join(content, taxonomy, "_index.md"),
                  f"---\ntitle: {taxonomy.capitalize()}\ncascade:\n  outputs: [HTML]\n---\n")
        write(os.path.join(root, "config.toml"), HUGO_CONFIG.replace("@SCALE@", self.scale))
        write(os.path.join(content, "_index.md"), f'---\ntitle: "Benchmark briefing ({self.scale})"\n---\n')
        write(os.path.join(content, "briefings", "_index.md"), '---\ntitle: "Briefings"\n---\n')
        write(os.path.join(content, "events", "_index.md"), '---\ntitle: "Events"\n---\n')
        write(os.path.join(content, "timeline", "_index.md"), '---\ntitle: "Timeline"\nlayout: timeline\n---\n')
        write(os.path.join(content, "profiles", "_index.md"), '---\ntitle: "Profiles"\n---\n')
        # Event → briefings join as a taxonomy whose own pages are not rendered.
        write(os.path.join(content, "covers", "_index.md"),
              "---\ntitle: Covers\n_build: {render: never, list: never}\ncascade:\n  _build: {render: never, list: never}\n---\n")
        for e in self.events:
            d = e["date"]
            full = d if len(d) == 10 else (d + "-01" if len(d) == 7 else d + "-01-01")
            fm = [f"title: {q(e['title'])}", f"date: {full}", f"when: {q(d)}", f"importance: {e['importance']}",
                  f"people: {qlist(e['people'])}", f"places: {qlist(e['places'])}", f"tags: {qlist(e['tags'])}",
                  f"facettags: {qlist(e['tags'])}", f"profiles: {qlist(e['people'] + e['places'])}",
                  f"years: [\"{d[:4]}\"]"]
            if e["end"]:
                fm.append(f"end: {q(e['end'])}")
            if e["approximate"]:
                fm.append("approximate: true")
            if e["order"]:
                fm.append(f"weight: {e['order']}")
            fm.append("sources:")
            for s in e["sources"]:
                fm.append(f"  - {{title: {q(s['title'])}, url: {q(s['url'])}, publisher: {q(s['publisher'])}}}")
            write(os.path.join(content, "events", e["id"] + ".md"), "---\n" + "\n".join(fm) + "\n---\n" + e["summary"] + "\n")
        for p in self.profiles:
            fm = [f"title: {q(p['name'])}", f"kind: {p['kind']}", f"role: {q(p['role'])}", f"country: {q(p['country'])}"]
            if p["aliases"]:
                fm.append(f"aliases_: {qlist(p['aliases'])}")
            if p.get("born"):
                fm.append(f"born: {q(p['born'])}")
            if p["affiliations"]:
                fm.append(f"affiliations: {qlist(p['affiliations'])}")
            if p["positions"]:
                fm.append("positions:")
                for pos in p["positions"]:
                    fm.append(f"  - {{title: {q(pos['title'])}, start: {q(pos['start'])}, end: {q(pos['end'] or '')}}}")
            fm.append(f"links:\n  - {{title: {q(p['name'] + ' on the web')}, url: \"https://example.org/who/{p['id']}\"}}")
            os.makedirs(os.path.join(content, "profiles", p["id"]))
            write(os.path.join(content, "profiles", p["id"], "_index.md"), "---\n" + "\n".join(fm) + "\n---\n" + p["bio"])
        for b in self.briefings:
            fm = [f"title: {q(b['title'])}", f"date: {b['date']}", f"authors: {qlist(b['authors'])}",
                  f"tags: {qlist(b['tags'])}", f"people: {qlist(b['people'])}", f"events: {qlist(b['events'])}",
                  f"profiles: {qlist(b['profiles'])}", f"covers: {qlist(b['covers'])}", f"years: [\"{b['date'][:4]}\"]"]
            if b["updated"]:
                fm.append(f"lastmod: {b['updated']}")
            if b["summary"]:
                fm.append(f"summary: {q(b['summary'])}")
            write(os.path.join(content, "briefings", b["id"] + ".md"), "---\n" + "\n".join(fm) + "\n---\n" + b["body"])
        for path, text in HUGO_LAYOUTS.items():
            write(os.path.join(root, "layouts", path), text)
        eras = "\n".join(f'[[params.eras]]\nid = "{i}"\ntitle = {q(t)}\nstart = "{s}"\nend = "{e or ""}"' for i, t, s, e in ERAS)
        with open(os.path.join(root, "config.toml"), "a", encoding="utf-8") as f:
            f.write("\n" + eras + "\n")
        write(os.path.join(root, "static", "assets", "style.css"), "body{font-family:serif;max-width:48rem;margin:auto}\n")


def wrap(text, width=100):
    out, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    return "\n".join(out)


def events_yaml(events):
    out = ["# Generated events."]
    for e in events:
        lines = [f"- id: {e['id']}", f"  date: {e['date']}"]
        if e["end"]:
            lines.append(f"  end: {e['end']}")
        if e["approximate"]:
            lines.append("  approximate: true")
        lines += [f"  title: {q(e['title'])}", f"  summary: {q(e['summary'])}", f"  people: {qlist(e['people'])}",
                  f"  places: {qlist(e['places'])}", f"  tags: {qlist(e['tags'])}", f"  importance: {e['importance']}"]
        if e["order"]:
            lines.append(f"  order: {e['order']}")
        lines.append("  sources:")
        for s in e["sources"]:
            lines.append(f"    - title: {q(s['title'])}\n      url: {s['url']}\n      publisher: {q(s['publisher'])}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def events_csv(events):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "date", "end", "approximate", "title", "summary", "people", "places", "tags", "importance",
                "order", "source_title", "source_url", "source_publisher"])
    for e in events:
        s = e["sources"][0]
        w.writerow([e["id"], e["date"], e["end"] or "", "true" if e["approximate"] else "", e["title"], e["summary"],
                    ";".join(e["people"]), ";".join(e["places"]), ";".join(e["tags"]), e["importance"],
                    e["order"] or "", s["title"], s["url"], s["publisher"]])
    return buf.getvalue()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


HUGO_CONFIG = """baseURL = "https://example.org/bench/"
languageCode = "en"
title = "Benchmark briefing (@SCALE@)"
disableKinds = ["robotsTXT"]
enableRobotsTXT = false
timeZone = "America/Caracas"
# Briefing builds events dated after today; so must Hugo, or references to them break.
buildFuture = true

[taxonomies]
  tag = "tags"
  profile = "profiles"
  person = "people"
  place = "places"
  facettag = "facettags"
  year = "years"
  cover = "covers"

[markup.goldmark.renderer]
  unsafe = false

[markup.goldmark.parser]
  autoHeadingID = true
"""

# Equivalent, simple layouts: the same pages as Briefing's theme, with the same joins.
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header class="site-header"><a class="site-title" href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav aria-label="Site"><ul>
<li><a href="{{ "briefings/" | relURL }}">Briefings</a></li>
<li><a href="{{ "timeline/" | relURL }}">Timeline</a></li>
<li><a href="{{ "profiles/" | relURL }}">Profiles</a></li>
<li><a href="{{ "tags/" | relURL }}">Tags</a></li>
</ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "partials/when.html": """{{- $d := .Params.when | default (.Date.Format "2006-01-02") -}}
{{- if .Params.approximate }}c. {{ end -}}
{{- if eq (len $d) 4 }}{{ $d }}{{ else if eq (len $d) 7 }}{{ (time (printf "%s-01" $d)).Format "January 2006" }}{{ else }}{{ .Date.Format "2 January 2006" }}{{ end -}}
{{- with .Params.end }}–{{ . }}{{ end -}}
""",
    "partials/profile-link.html": """{{ with site.GetPage (printf "/profiles/%s" .) }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}""",
    "partials/event-item.html": """<li class="event{{ if eq .Params.importance 3 }} event-key{{ end }}" id="{{ .File.ContentBaseName }}">
  <p class="event-date"><time datetime="{{ .Params.when }}">{{ partial "when.html" . }}</time>{{ if eq .Params.importance 3 }} <span class="badge">Key event</span>{{ end }}</p>
  <p class="event-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>
  <div class="event-summary">{{ .Content }}</div>
  {{ with .Params.people }}<p class="event-people"><span class="label">People:</span> {{ range $i, $p := . }}{{ if $i }}, {{ end }}{{ partial "profile-link.html" $p }}{{ end }}</p>{{ end }}
  {{ with .Params.places }}<p class="event-places"><span class="label">Places:</span> {{ range $i, $p := . }}{{ if $i }}, {{ end }}{{ partial "profile-link.html" $p }}{{ end }}</p>{{ end }}
  {{ with .Params.sources }}<p class="event-sources"><span class="label">Sources:</span> {{ range $i, $s := . }}{{ if $i }}, {{ end }}<a href="{{ $s.url }}" rel="noopener">{{ $s.publisher }}</a>{{ end }}</p>{{ end }}
</li>
""",
    "partials/briefing-item.html": """<li class="briefing-item"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time><p>{{ .Summary }}</p></li>
""",
    "partials/entries.html": """{{ $events := where . "Section" "events" }}{{ $briefings := where . "Section" "briefings" }}
{{ with $events }}<section><h2>Events</h2><ol class="event-list">{{ range .ByDate }}{{ partial "event-item.html" . }}{{ end }}</ol></section>{{ end }}
{{ with $briefings }}<section><h2>Briefings</h2><ul class="briefing-list">{{ range .ByDate.Reverse }}{{ partial "briefing-item.html" . }}{{ end }}</ul></section>{{ end }}
""",
    "_default/_markup/render-link.html": """{{- $u := .Destination -}}
{{- $href := $u -}}
{{- if hasPrefix $u "profile:" -}}{{- with site.GetPage (printf "/profiles/%s" (strings.TrimPrefix "profile:" $u)) }}{{ $href = .RelPermalink }}{{ else }}{{ errorf "unknown profile %s" $u }}{{ end -}}
{{- else if hasPrefix $u "event:" -}}{{- with site.GetPage (printf "/events/%s" (strings.TrimPrefix "event:" $u)) }}{{ $href = .RelPermalink }}{{ else }}{{ errorf "unknown event %s" $u }}{{ end -}}
{{- else if hasPrefix $u "briefing:" -}}{{- with site.GetPage (printf "/briefings/%s" (strings.TrimPrefix "briefing:" $u)) }}{{ $href = .RelPermalink }}{{ else }}{{ errorf "unknown briefing %s" $u }}{{ end -}}
{{- end -}}
<a href="{{ $href | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /**/ -}}
""",
    "index.html": """{{ define "main" }}
{{ $briefings := where site.RegularPages "Section" "briefings" }}
{{ with index $briefings.ByDate.Reverse 0 }}<article class="briefing briefing-latest"><p class="kicker">Latest briefing</p>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><div class="prose">{{ .Content }}</div></article>{{ end }}
<section><h2>Key events</h2><ol class="event-list">
{{ range first 20 (where (where site.RegularPages "Section" "events") "Params.importance" 3).ByDate.Reverse }}{{ partial "event-item.html" . }}{{ end }}
</ol></section>
<section><h2>Key people</h2><ul class="profile-list">
{{ range first 20 site.Taxonomies.profiles.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}
</ul>
<h2>Earlier briefings</h2><ul class="briefing-list">{{ range first 10 (after 1 $briefings.ByDate.Reverse) }}{{ partial "briefing-item.html" . }}{{ end }}</ul></section>
{{ end }}
""",
    "briefings/list.html": """{{ define "main" }}<h1>Briefings</h1><ul class="briefing-list">{{ range .Pages.ByDate.Reverse }}{{ partial "briefing-item.html" . }}{{ end }}</ul>{{ end }}
""",
    "briefings/single.html": """{{ define "main" }}<article class="briefing"><header><h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ if ne .Lastmod .Date }} · updated <time>{{ .Lastmod.Format "2 January 2006" }}</time>{{ end }} · {{ delimit .Params.authors ", " }}</p>
<p class="tags">{{ range .Params.tags }}<a class="tag" href="{{ printf "tags/%s/" (urlize .) | relURL }}">{{ . }}</a> {{ end }}</p></header>
<div class="prose">{{ .Content }}</div>
<footer class="related">
{{ with .Params.events }}<section><h2>Events in this briefing</h2><ol class="event-list compact">{{ range . }}{{ with site.GetPage (printf "/events/%s" .) }}{{ partial "event-item.html" . }}{{ end }}{{ end }}</ol></section>{{ end }}
{{ with .Params.people }}<section><h2>People and organizations</h2><ul class="profile-list">{{ range . }}<li>{{ partial "profile-link.html" . }}</li>{{ end }}</ul></section>{{ end }}
</footer></article>{{ end }}
""",
    "events/list.html": """{{ define "main" }}<h1>Events</h1><p><a href="{{ "timeline/" | relURL }}">See the timeline</a></p>{{ end }}
""",
    "events/single.html": """{{ define "main" }}<article class="event-page"><header><p class="event-date"><time datetime="{{ .Params.when }}">{{ partial "when.html" . }}</time></p><h1>{{ .Title }}</h1></header>
<div class="prose">{{ .Content }}</div>
<dl class="facts">
{{ with .Params.people }}<dt>People</dt><dd><ul class="inline-list">{{ range . }}<li>{{ partial "profile-link.html" . }}</li>{{ end }}</ul></dd>{{ end }}
{{ with .Params.places }}<dt>Places</dt><dd><ul class="inline-list">{{ range . }}<li>{{ partial "profile-link.html" . }}</li>{{ end }}</ul></dd>{{ end }}
{{ with .Params.tags }}<dt>Tags</dt><dd><ul class="inline-list">{{ range . }}<li><a class="tag" href="{{ printf "tags/%s/" (urlize .) | relURL }}">{{ . }}</a></li>{{ end }}</ul></dd>{{ end }}
</dl>
<section><h2>Sources</h2><ul class="sources">{{ range .Params.sources }}<li><span class="publisher">{{ .publisher }}</span>: <a href="{{ .url }}" rel="noopener">{{ .title }}</a></li>{{ end }}</ul></section>
{{ with index site.Taxonomies.covers (urlize .File.ContentBaseName) }}<section><h2>Briefings covering this event</h2><ul class="briefing-list">{{ range .Pages }}{{ partial "briefing-item.html" . }}{{ end }}</ul></section>{{ end }}
<p><a href="{{ printf "years/%s/" (index .Params.years 0) | relURL }}#{{ .File.ContentBaseName }}">See it on the timeline</a></p>
</article>
<nav class="pager">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}</nav>{{ end }}
""",
    # Profiles are the terms of the "profiles" taxonomy: /profiles/<id>/ shows the bio (the term's
    # _index.md) and lists the events and briefings that reference it (Hugo's own index join).
    "profiles/taxonomy.html": """{{ define "main" }}<h1>Profiles</h1><ul class="profile-list">{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="role">{{ .Params.role }}</span></li>{{ end }}</ul>{{ end }}
""",
    "profiles/term.html": """{{ define "main" }}<article class="profile profile-{{ .Params.kind }}"><header><p class="kicker">{{ .Params.kind }}</p><h1>{{ .Title }}</h1><p class="role">{{ .Params.role }}</p>
<dl class="facts">{{ with .Params.aliases_ }}<dt>Also known as</dt><dd>{{ delimit . ", " }}</dd>{{ end }}<dt>Country</dt><dd>{{ .Params.country }}</dd>
{{ with .Params.born }}<dt>Born</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.affiliations }}<dt>Affiliations</dt><dd><ul class="inline-list">{{ range . }}<li>{{ partial "profile-link.html" . }}</li>{{ end }}</ul></dd>{{ end }}</dl></header>
<div class="prose">{{ .Content }}</div>
{{ with .Params.positions }}<section><h2>Positions</h2><ul class="positions">{{ range . }}<li>{{ .title }} <span class="when">{{ .start }}–{{ .end }}</span></li>{{ end }}</ul></section>{{ end }}
<section><h2>Links</h2><ul>{{ range .Params.links }}<li><a href="{{ .url }}" rel="noopener">{{ .title }}</a></li>{{ end }}</ul></section>
</article>
{{ partial "entries.html" .Pages }}{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    # Tags, and the timeline filters (people, places, facettags: one timeline page each).
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ partial "entries.html" .Pages }}{{ end }}
""",
    # Year pages of the timeline: every event and briefing of the year, by date.
    "years/term.html": """{{ define "main" }}<h1>Timeline: {{ .Title }}</h1>
<ol class="timeline">{{ range .Pages.ByDate }}{{ if eq .Section "events" }}{{ partial "event-item.html" . }}{{ else }}{{ partial "briefing-item.html" . }}{{ end }}{{ end }}</ol>{{ end }}
""",
    "years/taxonomy.html": """{{ define "main" }}<h1>Years</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul>{{ end }}
""",
    "timeline/timeline.html": """{{ define "main" }}<h1>Timeline</h1>
<ol class="eras">{{ range site.Params.eras }}<li id="era-{{ .id }}">{{ .title }} ({{ .start }}–{{ .end }})</li>{{ end }}</ol>
<ul class="years">{{ range site.Taxonomies.years.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})
<ol class="event-list">{{ range first 3 (where .Pages "Params.importance" 3) }}{{ partial "event-item.html" . }}{{ end }}</ol></li>{{ end }}</ul>{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Page not found</h1>{{ end }}
""",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scale", choices=sorted(SCALES))
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args()
    corpus = Corpus(args.scale, args.seed)
    corpus.build()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    corpus.write_briefing_site(os.path.join(args.out, "briefing"))
    corpus.write_hugo_site(os.path.join(args.out, "hugo"))
    words = sum(len(b["body"].split()) for b in corpus.briefings)
    stats = {"scale": args.scale, "seed": args.seed, "briefings": len(corpus.briefings), "events": len(corpus.events),
             "profiles": len(corpus.profiles), "briefing_words": words,
             "event_files": (len(corpus.events) + EVENTS_PER_FILE - 1) // EVENTS_PER_FILE}
    write(os.path.join(args.out, "stats.json"), json.dumps(stats, indent=1) + "\n")
    print(json.dumps(stats))


if __name__ == "__main__":
    sys.exit(main())
