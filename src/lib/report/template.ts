/**
 * The Typst template of "Lägesbild Järva {år}": layout only. Every word and number it prints comes
 * from /data.json (built and tested in document.ts) and every figure from /figures/*.svg. Strings
 * from the data are printed as text (Typst never evaluates a string as markup).
 *
 * Reproducible: `date: none` leaves the creation date out of the PDF, and `fallback: false` keeps
 * Typst to the shipped Noto Sans instead of whatever fonts the machine has.
 *
 * Kept as a TypeScript string (not a .typ file) so the server build, Vitest and the bench scripts
 * all load it the same way.
 */
export const LAGESBILD_TEMPLATE = String.raw`
#let data = json("/data.json")
#let ink = rgb("#24221f")
#let muted = rgb("#5d584f")
#let example-red = rgb("#b00020")

#set document(title: data.title, author: "Lägeskartan", date: none)
#set text(font: "Noto Sans", lang: "sv", region: "se", size: 10pt, fill: ink, fallback: false, hyphenate: false)
#set par(leading: 0.62em, spacing: 1em)
#set page(
  paper: "a4",
  margin: (x: 2.2cm, top: 2.2cm, bottom: 2.4cm),
  footer: context {
    set text(size: 8pt, fill: muted)
    data.title + " · utgåva för " + data.reader + " · för anställda i staden och polisen"
    h(1fr)
    counter(page).display()
  },
)
#set heading(numbering: "1.1")
#show heading.where(level: 1): it => {
  set text(size: 17pt)
  block(above: 2em, below: 1em, it)
}
#show heading.where(level: 2): set text(size: 12.5pt)
#show heading.where(level: 3): set text(size: 10.5pt)
#set figure(supplement: [Figur])
#set figure.caption(separator: [. ])
#show figure.caption: set text(size: 8.5pt, fill: muted)
#show figure.caption: set align(left)
#show figure: set block(breakable: false, above: 1.2em, below: 1.4em)
#set table(stroke: 0.5pt + rgb("#b8b2a7"), inset: (x: 5pt, y: 3.5pt))
#show table: set text(size: 8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")

#let check = box(width: 0.9em, height: 0.75em, baseline: 0.05em, place(curve(
  stroke: 1.4pt + rgb("#2e7d32"),
  curve.move((0.05em, 0.42em)),
  curve.line((0.32em, 0.7em)),
  curve.line((0.85em, 0.05em)),
)))

#let data-table(t, widths: auto) = table(
  columns: if widths == auto { t.header.len() } else { widths },
  table.header(..t.header),
  ..t.rows.flatten(),
)

#let example-note(text-or-none) = if text-or-none != none {
  block(text(fill: example-red, weight: "bold", text-or-none))
}

#let paragraphs(list) = for p in list { par(p) }

// Cover
#page(footer: none)[
  #v(5cm)
  #text(size: 30pt, weight: "bold", data.title)
  #v(0.6cm)
  #text(size: 13pt)[Samverkansöverenskommelse mellan Stockholms stad och Polisregion Stockholm]
  #v(0.2cm)
  #text(size: 13pt)[Järva stadsdelsförvaltning och lokalpolisområde Järva]
  #v(1fr)
  #text(size: 11pt)[Utgåva för: #data.reader]
  #linebreak()
  #text(size: 11pt)[Underlag per #data.asOf, ur Lägeskartan]
  #v(0.6cm)
  #block(width: 100%, inset: 10pt, stroke: 0.6pt + muted)[
    #set text(size: 9.5pt)
    Lägesbilden är stadens och polisens gemensamma bild och skrivs för anställda i respektive
    verksamhet. Varje figur anger sin källa; ungefärlig geometri och påhittade exempel är märkta
    där de visas. Den här utgåvan innehåller det som läsarens organisation får se i Lägeskartan.
  ]
]

#outline(title: [Innehåll], depth: 2)

= Sammanfattning
#for section in data.summary [
  == #section.title
  #paragraphs(section.paragraphs)
]

= Källor
#list(..data.sources)

= Området
#figure(image(data.area.figure.file, width: 100%), caption: data.area.figure.caption)
#data-table(data.area.table, widths: (auto, auto, 1fr))

= Brott och otrygghet
#if data.indicators.len() == 0 [
  Inga indikatorer är införda för den här utgåvan.
]
#for indicator in data.indicators [
  == #indicator.title
  #example-note(indicator.example)
  #if indicator.note != none { par(indicator.note) }
  #figure(image(indicator.figure.file, width: 100%), caption: indicator.figure.caption)
  #data-table(indicator.table)
]

#if data.scenes != none [
  = Öppna drogscener
  #paragraphs(data.scenes.paragraphs)
  #figure(image(data.scenes.figure.file, width: 100%), caption: data.scenes.figure.caption)
  #data-table(data.scenes.table, widths: (1.6fr, 0.8fr, auto, auto, auto, 1.6fr))
]

#if data.places != none [
  = Otrygga platser
  #example-note(data.places.example)
  #figure(image(data.places.figure.file, width: 100%), caption: data.places.figure.caption)
  #data-table(data.places.table)
]

= Prioriterade samverkansområden
#for area in data.collaboration [
  == #area.title
  #text(size: 8.5pt, fill: muted)[Ur: #area.section]
  #example-note(area.example)
  === Beskrivning av området
  #paragraphs(area.description)
  #if area.goals.len() > 0 [
    #area.collaborators samverkar för att:
    #list(..area.goals)
  ]
  *Arbetsform:* #area.workForm
  === Kommentar
  #paragraphs(area.comment)
  #if area.results.len() > 0 [
    === Resultat av arbetet
    #list(marker: check, ..area.results)
  ]
  === Prioriteringar och åtgärder #area.prioritiesYear
  #if area.priorities.len() == 0 [Inga prioriteringar är införda.]
  #list(..area.priorities.map(item => [
    #item.text
    #if item.links != "" { linebreak(); text(size: 8.5pt, fill: muted, item.links) }
  ]))
]

#if data.measures != none [
  = Bilaga: åtgärder och deras status
  #data-table(data.measures, widths: (2fr, auto, 1fr, auto, 1fr))
]
`;
