// The sample publication's texts: sections, bylines, tags, stories and reader comments. The code
// that writes them is ./index.ts.
import type { ArticleStatus, CommentStatus } from "../../lib/domain";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const CREDIT = "Illustration: The Meridian Post";

const md = (...blocks: string[]) => blocks.join("\n\n");

export type SeedSection = { name: string; slug: string; description: string };
export type SeedAuthor = { name: string; slug: string; bio: string };
export type SeedTag = { name: string; slug: string };

export type SeedArticle = {
  slug: string;
  headline: string;
  dek: string;
  dateline: string;
  body: string;
  imageAlt: string;
  imageCaption: string;
  section: string;
  authors: string[];
  tags: string[];
  status: ArticleStatus;
  /** Offset from `now` in ms; null for drafts. */
  publishOffset: number | null;
  /** Set for the articles that were revised after publication. */
  updatedAfter?: number;
  correction?: string;
  commentStatus?: "open" | "closed";
};

export type SeedComment = {
  key: string;
  article: string;
  parent?: string;
  name: string;
  email: string;
  url?: string;
  ip: string;
  body: string;
  status: CommentStatus;
  minutesAfterPublication: number;
};

export const SECTIONS: SeedSection[] = [
  {
    name: "World",
    slug: "world",
    description: "Diplomacy, conflict and the forces reshaping relations between states.",
  },
  { name: "Politics", slug: "politics", description: "Parliaments, parties and the people who write the rules." },
  { name: "Business", slug: "business", description: "Markets, trade, energy and the economies behind the headlines." },
  { name: "Science", slug: "science", description: "Research from the lab, the field and the sea floor, explained." },
  { name: "Culture", slug: "culture", description: "Film, heritage, books and the arts from Istanbul and beyond." },
];

export const AUTHORS: SeedAuthor[] = [
  {
    name: "Elif Arslan",
    slug: "elif-arslan",
    bio: "Elif Arslan is The Meridian Post's diplomatic correspondent, based in Istanbul and covering Turkey, the Black Sea and the Caucasus. She previously spent a decade reporting from Brussels and Kyiv.",
  },
  {
    name: "Daniel Okafor",
    slug: "daniel-okafor",
    bio: "Daniel Okafor is the economics editor, writing about trade, energy and central banks from Istanbul and Nairobi. Before joining The Meridian Post he was a markets reporter in Lagos and London.",
  },
  {
    name: "Marta Lindqvist",
    slug: "marta-lindqvist",
    bio: "Marta Lindqvist covers science, climate and culture. She trained as a marine biologist in Gothenburg before turning to journalism, and has reported from four continents.",
  },
];

export const TAGS: SeedTag[] = [
  { name: "Russia", slug: "russia" },
  { name: "Ukraine", slug: "ukraine" },
  { name: "Diplomacy", slug: "diplomacy" },
  { name: "Turkey", slug: "turkey" },
  { name: "European Union", slug: "european-union" },
  { name: "Migration", slug: "migration" },
  { name: "Economy", slug: "economy" },
  { name: "Energy", slug: "energy" },
  { name: "Climate", slug: "climate" },
  { name: "Oceans", slug: "oceans" },
  { name: "Technology", slug: "technology" },
  { name: "Health", slug: "health" },
  { name: "Africa", slug: "africa" },
  { name: "Trade", slug: "trade" },
  { name: "Archaeology", slug: "archaeology" },
  { name: "Film", slug: "film" },
  { name: "Elections", slug: "elections" },
];

export const ISTANBUL_TALKS_SLUG = "russia-ukraine-talks-istanbul";

export const ARTICLES: SeedArticle[] = [
  {
    slug: ISTANBUL_TALKS_SLUG,
    headline:
      "Russia and Ukraine agree to swap 1,000 prisoners each but no ceasefire in first direct talks in over two years",
    dek: "The delegations met for less than two hours at Istanbul's Dolmabahçe Palace. Kyiv's call for a 30-day truce went unanswered, but both sides committed to the largest prisoner exchange of the war.",
    dateline: "ISTANBUL",
    body: md(
      "Russian and Ukrainian negotiators sat at the same table for the first time in more than two years, but left Istanbul's Dolmabahçe Palace after less than two hours without agreeing to a ceasefire. The one concrete result was a commitment from both sides to exchange 1,000 prisoners of war each.",
      "If it goes ahead, the 1,000-for-1,000 swap would be the largest exchange since the full-scale invasion began in February 2022. Both delegations confirmed the figure separately after the meeting, although neither gave a timetable. People familiar with the discussions said lists of names would be compiled through the channels that have handled smaller exchanges, with mediators helping to verify them.",
      "Kyiv arrived with one central demand: an unconditional 30-day ceasefire along the entire front line, which Ukrainian officials have presented as the test of whether Moscow is serious about ending the war. A member of the Ukrainian delegation said afterwards that the Russian side had refused, and had instead set out conditions that Kyiv regards as a demand to surrender territory it still holds.",
      "## A short meeting in a long war",
      "Moscow's delegation was led by Vladimir Medinsky, a presidential aide who also headed Russia's team during the failed negotiations in the spring of 2022. Speaking to reporters after the session, Medinsky said Russia was satisfied with the outcome and ready to continue contacts, according to Russian state media. Ukraine's team was led by its defence minister, Rustem Umerov.",
      "Turkey's foreign minister, Hakan Fidan, opened the meeting in one of the palace's waterfront halls and urged both sides to use the opportunity to build a path towards a truce. Turkish officials had worked for days on arrangements for a meeting that came together at short notice.",
      '> "Nobody expected a peace agreement this afternoon. What matters is that they agreed to meet again, and that a thousand families on each side may soon see someone come home." — a Turkish diplomat involved in organising the talks',
      "## What comes next",
      "Both sides said they had agreed in principle to a further round, which diplomats expect to take place in Geneva, and to put their positions on the terms of a possible ceasefire in writing before then. European governments, which had pressed for the 30-day truce, greeted the prisoner deal cautiously and said pressure on Moscow would continue until the guns fall silent. Outside the palace gates, police kept the Beşiktaş waterfront closed to traffic until the last motorcade had left.",
    ),
    imageAlt:
      "Illustration of a long neoclassical palace silhouetted on the Bosphorus shore at dusk, its windows lit, with domes and minarets on the far bank",
    imageCaption: "Dolmabahçe Palace on the European shore of the Bosphorus hosted the delegations.",
    section: "world",
    authors: ["elif-arslan", "daniel-okafor"],
    tags: ["russia", "ukraine", "diplomacy", "turkey"],
    status: "published",
    publishOffset: -2 * HOUR,
  },
  {
    slug: "eu-migration-pact-brussels",
    headline: "EU interior ministers back faster asylum screening at external borders",
    dek: "A compromise reached after a 14-hour session leaves the hardest question, how to share responsibility for new arrivals, to a solidarity pool several capitals say they will not join.",
    dateline: "BRUSSELS",
    body: md(
      "European Union interior ministers agreed in the early hours of the morning to speed up the screening of asylum seekers at the bloc's external borders, ending months of deadlock over how the new migration rules should work in practice.",
      "Under the compromise, people arriving from countries whose nationals are rarely granted protection would have their claims examined within twelve weeks in facilities close to the border. Applicants would be entitled to legal counselling from the first day, a concession won by a group of northern member states worried about the quality of rushed decisions.",
      "The agreement says much less about the issue that has divided governments for a decade: what happens to the people who are allowed to stay. Countries that decline to accept relocated asylum seekers will instead be able to pay into a common fund, but the size of those contributions was left for a later meeting.",
      "## Frontline states want guarantees",
      'Diplomats from Mediterranean states said they had accepted the screening rules on the understanding that the solidarity mechanism would have teeth. "We have signed up to do more at the border. Now we need to see that the burden does not stop at the border," one senior diplomat from a southern member state said.',
      "Human rights groups criticised the plan, arguing that the border facilities risk becoming de facto detention centres and that twelve weeks is too short for complex claims to be heard fairly. The European Parliament must still approve the final text, and several political groups have signalled they will seek amendments.",
    ),
    imageAlt:
      "Illustration of a ring of twelve gold stars on a deep blue background, crossed by faint dotted lines converging from the left",
    imageCaption: "The compromise still needs the approval of the European Parliament.",
    section: "politics",
    authors: ["elif-arslan"],
    tags: ["european-union", "migration", "diplomacy"],
    status: "published",
    publishOffset: -(1 * DAY + 3 * HOUR),
  },
  {
    slug: "nairobi-solar-minigrids",
    headline: "Kenyan mini-grid operators bet on pay-as-you-go power as villages outrun the national grid",
    dek: "Small solar networks are spreading across the Rift Valley. The hard part is not the panels but persuading investors that rural customers will keep paying.",
    dateline: "NAIROBI",
    body: md(
      "On a ridge above the town of Narok, rows of solar panels feed a battery bank the size of a shipping container. From there, power flows to some 600 homes, two clinics and a cluster of small workshops that until last year relied on diesel generators and kerosene lamps.",
      "The network belongs to Jua Mesh, one of a growing number of Kenyan companies building mini-grids in places where extending the national grid would take years and cost far more. Customers top up their accounts by mobile money, a few shillings at a time, and smart meters cut supply when the credit runs out.",
      '"People do not want a subsidy, they want a connection that works at eight in the evening," said Wanjiru Kamau, the company\'s co-founder. She said about nine in ten customers top up at least once a week, and that demand rises sharply once workshops discover they can run welding machines and grain mills.',
      "## The financing gap",
      "Installing a mini-grid costs several hundred dollars per connection, and the payback period can stretch beyond a decade. Development lenders have covered much of that so far, but operators say they need commercial banks to follow if the sector is to grow at the pace the government wants.",
      "Regulators are also still working out what happens when the main grid eventually arrives in a village already served by a private network. Operators want a guarantee that their assets will be bought at a fair price; the state utility wants to avoid paying twice for the same customers.",
    ),
    imageAlt:
      "Illustration of rows of blue solar panels on red earth under a low sun, with a flat-topped acacia tree on the horizon",
    imageCaption: "Mini-grids now serve hundreds of villages that the national grid has yet to reach.",
    section: "business",
    authors: ["daniel-okafor"],
    tags: ["africa", "energy", "technology"],
    status: "published",
    publishOffset: -(2 * DAY + 5 * HOUR),
  },
  {
    slug: "central-bank-holds-rates",
    headline: "Turkey's central bank holds its policy rate, citing stubborn services inflation",
    dek: "Policymakers kept borrowing costs unchanged for a second meeting and signalled they are in no hurry to cut, even as exporters complain about a strong lira.",
    dateline: "ANKARA",
    body: md(
      "Turkey's central bank left its benchmark interest rate unchanged for a second consecutive meeting, saying that price rises in rents, education and other services were proving slower to ease than it had expected.",
      'In a short statement, the monetary policy committee said it would keep policy tight "until a sustained decline in the underlying trend of inflation" is visible, and repeated that it stood ready to raise rates again if the outlook deteriorated.',
      "The decision was in line with the forecasts of most economists surveyed before the meeting. The lira was little changed in Istanbul trading after the announcement, and yields on two-year government bonds edged slightly lower.",
      "## Exporters feel the squeeze",
      "Manufacturers, particularly in textiles and furniture, have argued that the combination of high borrowing costs and a currency that has weakened more slowly than prices have risen is eroding their competitiveness in Europe. Several industry associations have called for targeted credit support.",
      '"The bank is choosing credibility over growth, and for now that is the right call," said Deniz Aydın, chief economist at an Istanbul brokerage. "But the pressure from industry will only grow if the first cut slips into next year."',
      "*This article was updated with market reaction and comment from economists.*",
    ),
    imageAlt: "Illustration of a gold line chart rising and then flattening into a plateau over a dark blue grid",
    imageCaption: "After a long climb, the policy rate has been on hold since the spring.",
    section: "business",
    authors: ["daniel-okafor"],
    tags: ["turkey", "economy"],
    status: "published",
    publishOffset: -(3 * DAY + 1 * HOUR),
    updatedAfter: 3 * HOUR,
  },
  {
    slug: "coral-reef-heat-survey",
    headline: "Aerial survey finds bleaching on two-thirds of reefs in northern zone after marine heatwave",
    dek: "Scientists say many corals could still recover if water temperatures fall quickly, but the gaps between bleaching events are getting shorter.",
    dateline: "TOWNSVILLE",
    body: md(
      "Low-flying survey aircraft have recorded bleaching on roughly two-thirds of the reefs they inspected in the northern part of the reef system, following weeks of unusually warm water through the southern summer.",
      "Bleaching happens when corals under heat stress expel the algae that live in their tissue and give them both colour and most of their food. Bleached corals are not dead, and can recover if temperatures return to normal, but prolonged stress leaves them vulnerable to disease and starvation.",
      '"What worries us is not a single bad year, it is the rhythm," said Hannah Reyes, a reef ecologist who led part of the survey. "Reefs used to have a decade or more to recover between events. Now we are seeing them every two or three years."',
      "The team combined the aerial observations with dives at a sample of sites, and said the most severe bleaching was concentrated on shallow inshore reefs, where water warms fastest. Deeper offshore reefs fared noticeably better.",
      "Divers will return to the same sites in six months to count how many colonies have survived. The results are expected to feed into a national review of reef management, including efforts to breed heat-tolerant corals.",
    ),
    imageAlt:
      "Illustration of an underwater reef with branching corals, some pale white and some coral-pink, under shafts of light with small fish above",
    imageCaption: "Shallow inshore reefs showed the most severe bleaching.",
    section: "science",
    authors: ["marta-lindqvist"],
    tags: ["climate", "oceans"],
    status: "published",
    publishOffset: -(5 * DAY + 4 * HOUR),
  },
  {
    slug: "gobekli-tepe-new-enclosure",
    headline: "Archaeologists uncover carved stone enclosure in Turkey's southeast hills",
    dek: "The ring of T-shaped pillars, found a few kilometres from Göbekli Tepe, adds to evidence that monumental building began before farming took hold.",
    dateline: "ŞANLIURFA",
    body: md(
      "Archaeologists working in the limestone hills east of Şanlıurfa have uncovered a circular enclosure of T-shaped stone pillars that they believe was built more than 11,000 years ago, making it roughly contemporary with the famous site at Göbekli Tepe.",
      "The enclosure measures about 12 metres across and contains at least eleven pillars set into a low stone wall, with two larger pillars standing in the centre. One of the central pillars bears carved arms and hands, a motif seen at several sites in the region and often interpreted as a stylised human figure.",
      '"Every new enclosure makes it harder to think of Göbekli Tepe as a one-off," said Nur Demirtaş, who directs the excavation. "We are looking at a whole landscape of communities that gathered, built and carved together long before anyone here was growing wheat."',
      "## A landscape, not a monument",
      "The find is part of a wider research programme across the so-called Taş Tepeler, or Stone Hills, where surveys have identified more than a dozen sites from the same period. Researchers hope that comparing them will show how hunter-gatherer groups organised labour on this scale.",
      "> The work is slow by design: each pillar is excavated by hand, and soil from around its base is sieved for seeds, bone and tool fragments that can be dated.",
      "The site will remain closed to visitors while excavation continues, but regional officials said a walkway and shelter similar to the one at Göbekli Tepe could be built within a few years.",
    ),
    imageAlt: "Illustration of a ring of T-shaped stone pillars inside a low circular wall on a hillside at sunset",
    imageCaption: "Two larger pillars stand at the centre of the newly excavated ring.",
    section: "culture",
    authors: ["marta-lindqvist", "elif-arslan"],
    tags: ["archaeology", "turkey"],
    status: "published",
    publishOffset: -(6 * DAY + 2 * HOUR),
  },
  {
    slug: "black-sea-grain-insurance",
    headline: "War-risk insurance costs ease for Black Sea grain ships as incidents fall",
    dek: "Underwriters have trimmed premiums for voyages to Ukrainian ports, but shipowners say cover remains several times more expensive than before the war.",
    dateline: "ODESA",
    body: md(
      "The cost of insuring cargo ships sailing to and from Ukraine's Black Sea ports has fallen for the third month in a row, brokers say, as the number of vessels damaged near the coast has declined and grain exports have held steady.",
      "Additional war-risk premiums for a typical bulk carrier loading at Odesa or Pivdennyi have dropped to well under one per cent of the ship's value per voyage, according to two London-based brokers, down from peaks several times higher.",
      '"The market is pricing in a corridor that works, not a corridor that is safe," said Pieter Vos, a marine underwriter. "One serious incident and those rates would jump again overnight."',
      "## Farmers feel the difference",
      "Lower insurance and freight costs feed directly into the prices Ukrainian farmers receive for their crops. Grain traders in Odesa said the narrowing gap between local and international prices had encouraged some growers to expand plantings for next season.",
      "Ukraine's government has backed a state-supported insurance scheme to cover part of the risk, and officials said they hoped to extend it to container ships and tankers later this year.",
      "*Updated to include the latest figures from Ukraine's agriculture ministry on monthly export volumes.*",
    ),
    imageAlt: "Illustration of a bulk carrier with a row of deck cranes at sea under a pale golden sky with gulls",
    imageCaption: "Bulk carriers continue to load grain at Ukraine's Black Sea ports.",
    section: "business",
    authors: ["daniel-okafor"],
    tags: ["ukraine", "trade", "economy"],
    status: "published",
    publishOffset: -(8 * DAY + 6 * HOUR),
    updatedAfter: 5 * HOUR,
  },
  {
    slug: "soil-antibiotic-discovery",
    headline: "Compound from alpine soil bacteria kills drug-resistant pathogens in lab tests",
    dek: "The molecule attacks bacteria in a way no approved antibiotic does, researchers say, but years of safety testing lie ahead.",
    dateline: "BASEL",
    body: md(
      "Researchers have isolated a compound from bacteria living in high-altitude soil that killed several drug-resistant pathogens in laboratory dishes and cleared infections in mice, according to a study published this week.",
      "The molecule appears to disrupt the way bacteria build their outer membranes, a mechanism that differs from those of existing antibiotic classes. That matters, the authors argue, because bacteria that have evolved resistance to current drugs would have no ready-made defence against it.",
      '"Soil is still the richest pharmacy we have, and we have barely opened the drawers," said Lukas Brenner, a microbiologist and one of the study\'s senior authors. His team screened thousands of bacterial strains collected from mountain pastures before finding one that produced the compound.',
      "Independent experts welcomed the findings but urged caution. Many promising antibiotic candidates fail when tested in humans, either because they prove toxic or because they cannot reach high enough concentrations in the body.",
      "The team said it was working with a non-profit development partner to prepare the first safety trials, which could begin within three years if further animal tests go well.",
    ),
    imageAlt:
      "Illustration of three petri dishes on a pale bench with colourful bacterial colonies, one with a clear ring around a dark central spot",
    imageCaption: "A clear zone around the compound shows where bacteria failed to grow.",
    section: "science",
    authors: ["marta-lindqvist"],
    tags: ["health", "technology"],
    status: "published",
    publishOffset: -(9 * DAY + 3 * HOUR),
  },
  {
    slug: "istanbul-film-festival-opens",
    headline: "Istanbul film festival opens with a record slate of debut features",
    dek: "More than a third of this year's competition titles are first films, and half are directed by women.",
    dateline: "ISTANBUL",
    body: md(
      "The city's annual film festival opened with a gala screening at a restored cinema on İstiklal Avenue, launching a two-week programme that organisers say includes more debut features than in any previous edition.",
      "Of the films in the national competition, six are first features, among them a quiet family drama set in a Black Sea fishing town and a documentary about the last cinema projectionists in Anatolia's small towns.",
      '"Young directors are making films with very little money and a lot of nerve," said Ayşe Tunç, the festival\'s artistic director. "Our job is to put them in front of an audience that will argue about them."',
      "## Cinemas fight back",
      "The festival is also screening in neighbourhood cinemas across the Asian side of the city for the first time, part of an effort to bring audiences back to venues that have struggled since streaming services took hold.",
      "Tickets for the opening weekend sold out within hours, organisers said, and additional screenings have been added for several competition titles. The awards will be announced at a ceremony on the final night.",
    ),
    imageAlt:
      "Illustration of a dark cinema with a projector beam crossing the room to a glowing screen above rows of seats",
    imageCaption: "Screenings run in cinemas on both sides of the Bosphorus.",
    section: "culture",
    authors: ["marta-lindqvist"],
    tags: ["film", "turkey"],
    status: "published",
    publishOffset: -(11 * DAY + 7 * HOUR),
  },
  {
    slug: "german-coalition-budget-deal",
    headline: "German coalition parties strike budget deal after weeks of wrangling over the debt brake",
    dek: "The agreement pairs spending cuts in several ministries with a 12-year investment fund for railways, bridges and schools.",
    dateline: "BERLIN",
    body: md(
      "Germany's governing parties announced a budget agreement after a night of talks at the chancellery, ending a dispute that had threatened to leave the country without a spending plan for next year.",
      "The deal keeps the government within the constitutional limit on structural borrowing, known as the debt brake, by trimming subsidies and freezing hiring in several ministries. At the same time, it sets up a separate investment fund, spread over 12 years, to repair railways, bridges and school buildings.",
      "Coalition leaders presented the compromise as proof that the government could still function. Opposition parties called the investment fund an accounting device designed to get around the borrowing rules, and said they would examine whether it could be challenged in court.",
      "## Pressure from the regions",
      "State governments, which are responsible for schools and much of the road network, had pushed hard for the investment fund. Several state premiers welcomed the agreement but said the money would need to arrive quickly to make a difference.",
      "The draft budget now goes to the cabinet and then to the Bundestag, where committee hearings are expected to last into the autumn.",
    ),
    imageAlt:
      "Illustration of a grand stone parliament building with a columned portico and a glass dome, behind a line of trees",
    imageCaption: "The draft budget will be debated in the Bundestag in the autumn.",
    section: "politics",
    authors: ["elif-arslan"],
    tags: ["european-union", "economy"],
    status: "published",
    publishOffset: -(12 * DAY + 2 * HOUR),
    correction:
      "An earlier version of this article misstated the duration of the investment fund. It runs for 12 years, not 10.",
  },
  {
    slug: "earthquake-early-warning-sensors",
    headline: "Fibre-optic cables could give Istanbul extra seconds of earthquake warning, researchers say",
    dek: "A Japanese-Turkish team has turned existing telecom lines into thousands of seismic sensors. The first tests suggest warnings could arrive several seconds sooner.",
    dateline: "TOKYO",
    body: md(
      "Seismologists in Japan and Turkey say they have shown that ordinary fibre-optic telecommunications cables can detect the first tremors of an earthquake fast enough to add precious seconds to early-warning systems.",
      "The technique, known as distributed acoustic sensing, fires pulses of laser light down an unused strand of fibre and measures how tiny vibrations scatter the light. A single cable can act like thousands of seismometers spaced a few metres apart.",
      'In a trial on a cable running under the Sea of Marmara, the team said it detected small local earthquakes on average several seconds before the nearest land-based stations. "For a high-rise building, a few seconds is enough to stop the lifts at the nearest floor and open the fire doors," said Kenji Moriyama, a seismologist who worked on the project.',
      "## A city waiting for the big one",
      "Istanbul sits close to a segment of the North Anatolian Fault that scientists consider overdue for a large earthquake. The city already operates a conventional early-warning network, but most of the fault lies offshore, where instruments are scarce and expensive to maintain.",
      '"We do not need to lay new cables, we need to listen to the ones we already have," said Zeynep Aksoy, a geophysicist on the Turkish side of the collaboration. The researchers now plan a longer trial with a telecoms operator to test whether the system can run continuously without disrupting data traffic.',
    ),
    imageAlt:
      "Illustration of a night-time city skyline with lit windows, a red seismograph trace across the sky and concentric rings spreading from below",
    imageCaption: "Fibre-optic lines under the Sea of Marmara were used as seismic sensors.",
    section: "science",
    authors: ["marta-lindqvist", "elif-arslan"],
    tags: ["technology", "turkey"],
    status: "published",
    publishOffset: -(14 * DAY + 5 * HOUR),
  },
  {
    slug: "sahel-drought-food-prices",
    headline: "Late rains push staple food prices up across the Sahel, aid agencies warn",
    dek: "Millet and sorghum prices have risen sharply in several markets, just as households enter the lean season before the next harvest.",
    dateline: "DAKAR",
    body: md(
      "Prices of millet and sorghum, the staples of most rural households in the Sahel, have climbed steeply in markets across the region after the rainy season started weeks late and ended early in several areas, aid agencies said.",
      "In some markets in the central Sahel, a sack of millet now costs around a third more than at the same point last year, according to monitoring data shared by humanitarian organisations. Livestock prices, by contrast, have fallen as herders sell animals they can no longer feed.",
      '"When grain gets dearer and goats get cheaper, families lose twice," said Mariam Diallo, a regional food-security analyst. "They have to sell more animals to buy less food, and that eats into the savings they rely on in the next bad year."',
      "> Aid agencies say they have received less than half of the funding they requested for the region this year, forcing them to cut rations in some camps.",
      "Governments in the region have released part of their strategic grain reserves and suspended some export permits to keep supplies at home. Economists warn that such measures can ease prices locally but disrupt cross-border trade on which many towns depend.",
    ),
    imageAlt:
      "Illustration of layered orange sand dunes under a large pale sun, with a baobab tree silhouette and cracked earth in the foreground",
    imageCaption: "The rainy season started late and ended early across much of the region.",
    section: "world",
    authors: ["daniel-okafor"],
    tags: ["africa", "climate", "economy"],
    status: "published",
    publishOffset: -(16 * DAY + 3 * HOUR),
  },
  {
    slug: "eu-parliament-political-ads-vote",
    headline: "European Parliament backs tighter rules on targeted political advertising",
    dek: "Lawmakers voted to limit the personal data that can be used to target voters and to require clear labels on every paid political message online.",
    dateline: "STRASBOURG",
    body: md(
      "The European Parliament voted by a clear majority to tighten the rules on online political advertising, restricting how campaigns can use personal data to target voters in the run-up to elections.",
      "Under the text, paid political messages would have to be clearly labelled, show who paid for them and how much, and be stored in a public online repository. Targeting based on sensitive data such as religion, ethnicity or sexual orientation would be banned outright.",
      'Supporters said the changes were needed to protect elections from covert influence campaigns, including those funded from outside the EU. "Voters have a right to know when someone is paying to change their mind," said one of the lawmakers who steered the text through committee.',
      "## Platforms push back",
      "Technology companies argued that the rules are so broad that they could catch advocacy by charities and community groups, and some have said they may stop carrying political ads in the EU altogether rather than comply.",
      "The text must now be negotiated with member state governments before it can become law. Officials hope to conclude those talks before the next round of national elections.",
    ),
    imageAlt:
      "Illustration of a parliamentary hemicycle drawn as rows of coloured dots forming a semicircle around a central podium",
    imageCaption: "The text now goes to negotiations with member state governments.",
    section: "politics",
    authors: ["elif-arslan"],
    tags: ["european-union", "elections", "technology"],
    status: "published",
    publishOffset: -(18 * DAY + 4 * HOUR),
  },
  {
    slug: "high-seas-treaty-ratified",
    headline: "High seas treaty clears ratification threshold, opening the way for ocean sanctuaries",
    dek: "The agreement will enter into force in 120 days, creating the first legal framework for protected areas beyond national waters.",
    dateline: "NEW YORK",
    body: md(
      "A global treaty to protect marine life in the high seas has secured the 60 ratifications it needs to take effect, clearing the way for the first protected areas in the vast stretches of ocean that lie beyond any country's jurisdiction.",
      "The high seas cover nearly two-thirds of the world's ocean, yet only a tiny fraction is currently protected. The treaty sets out rules for creating marine protected areas, requires environmental impact assessments for new activities, and establishes how benefits from marine genetic resources should be shared.",
      '"For the first time there is an address where you can go to protect a piece of the open ocean," said a negotiator from a Pacific island state, whose government was among the earliest to ratify.',
      "## The real work starts now",
      "Conservation groups said the milestone was only a beginning. The first meeting of the treaty's parties must agree on procedures, funding and a scientific body before any sanctuary can be declared, a process that could take several years.",
      "Some of the largest fishing nations have not yet ratified, and observers say their participation will determine whether protected areas can be enforced in practice.",
    ),
    imageAlt:
      "Illustration of a pale globe rising from a calm blue ocean on the horizon, with a whale's tail breaking the surface",
    imageCaption: "Most of the high seas currently have no legal protection.",
    section: "world",
    authors: ["marta-lindqvist"],
    tags: ["oceans", "diplomacy", "climate"],
    status: "published",
    publishOffset: -(20 * DAY + 2 * HOUR),
    commentStatus: "closed",
  },
  {
    slug: "draft-budget-leak-analysis",
    headline: "What the leaked draft budget says about next year's spending priorities",
    dek: "Defence and debt interest rise; regional development and culture take the biggest cuts.",
    dateline: "ANKARA",
    body: md(
      "A draft of next year's central government budget seen by The Meridian Post shows spending on defence and debt interest rising faster than any other category.",
      "The document, which officials stress is not final, pencils in cuts to regional development grants and a freeze on most cultural funding.",
      "TODO: confirm figures with the finance ministry before publication.",
      "TODO: add comment from opposition budget spokesperson.",
    ),
    imageAlt: "Illustration of printed documents with redacted lines beside a bar chart with one red bar",
    imageCaption: "The draft is still subject to change.",
    section: "politics",
    authors: ["daniel-okafor"],
    tags: ["turkey", "economy"],
    status: "draft",
    publishOffset: null,
  },
  {
    slug: "scheduled-election-preview",
    headline: "What to watch in Sunday's municipal by-elections",
    dek: "Turnout, a handful of swing districts and the first test for two new parties.",
    dateline: "ISTANBUL",
    body: md(
      "Voters in eleven districts go to the polls on Sunday to fill municipal seats left vacant by resignations and court rulings.",
      "The contests are small, but party strategists are treating them as an early reading of the national mood ahead of next year's general election.",
      "Turnout is expected to be low, which tends to favour parties with well-organised local machines.",
      "Polls close at 5 p.m.; the first results are usually available within two hours.",
    ),
    imageAlt: "Illustration of a white ballot box with a marked ballot paper being posted into the slot",
    imageCaption: "By-elections take place in eleven districts.",
    section: "politics",
    authors: ["elif-arslan"],
    tags: ["elections", "turkey"],
    status: "scheduled",
    publishOffset: 3 * DAY,
  },
];

export const COMMENTS: SeedComment[] = [
  {
    key: "selin",
    article: ISTANBUL_TALKS_SLUG,
    name: "Selin Kaya",
    email: "selin.kaya@example.org",
    url: "https://example.org/selin",
    ip: "192.0.2.10",
    body: "No ceasefire is a disappointment, but a thousand prisoners going home on each side is not a small thing. Those are families who have waited years.",
    status: "approved",
    minutesAfterPublication: 18,
  },
  {
    key: "tomasz",
    article: ISTANBUL_TALKS_SLUG,
    parent: "selin",
    name: "Tomasz Nowak",
    email: "tomasz.nowak@example.org",
    ip: "192.0.2.11",
    body: "Agreed, though the last time these two sat down in Istanbul, in 2022, the momentum was gone within weeks. I will believe in the swap when the buses cross.",
    status: "approved",
    minutesAfterPublication: 31,
  },
  {
    key: "amara",
    article: ISTANBUL_TALKS_SLUG,
    parent: "tomasz",
    name: "Amara Mensah",
    email: "amara.mensah@example.org",
    url: "https://example.org/amara",
    ip: "192.0.2.12",
    body: "The difference this time is that both delegations put the same number on the record. That makes it much harder to walk away from quietly.",
    status: "approved",
    minutesAfterPublication: 47,
  },
  {
    key: "jonas",
    article: ISTANBUL_TALKS_SLUG,
    name: "Jonas Weber",
    email: "jonas.weber@example.org",
    ip: "192.0.2.13",
    body: "Does anyone know whether the Geneva round would be at the same level, or would it be technical teams only? The article suggests the format is still open.",
    status: "approved",
    minutesAfterPublication: 39,
  },
  {
    key: "marko",
    article: ISTANBUL_TALKS_SLUG,
    parent: "jonas",
    name: "Marko Petrović",
    email: "marko.petrovic@example.org",
    url: "https://example.org/marko",
    ip: "192.0.2.14",
    body: "From what has been reported so far it sounds like the same delegations, at least at the start. The written ceasefire positions are meant to be exchanged before then.",
    status: "approved",
    minutesAfterPublication: 66,
  },
  {
    key: "leyla",
    article: ISTANBUL_TALKS_SLUG,
    name: "Leyla Haddad",
    email: "leyla.haddad@example.org",
    ip: "192.0.2.15",
    body: "Under two hours for the first direct meeting in years says a lot about how far apart they still are. Credit to the Turkish hosts for getting them in the room at all.",
    status: "approved",
    minutesAfterPublication: 84,
  },
  {
    key: "pending-istanbul",
    article: ISTANBUL_TALKS_SLUG,
    name: "Viktor Sokolov",
    email: "viktor.sokolov@example.org",
    ip: "192.0.2.16",
    body: "Everyone is celebrating a prisoner swap while the real issues were not even discussed. This article should say more about the territorial demands.",
    status: "pending",
    minutesAfterPublication: 95,
  },
  {
    key: "spam-istanbul",
    article: ISTANBUL_TALKS_SLUG,
    name: "Best Deals Online",
    email: "promo@example.org",
    url: "https://example.org/cheap-watches",
    ip: "192.0.2.250",
    body: "Great article!!! Check out our luxury watches at unbeatable prices, free shipping worldwide, click the link now.",
    status: "spam",
    minutesAfterPublication: 52,
  },
  {
    key: "nairobi-1",
    article: "nairobi-solar-minigrids",
    name: "Otieno Wafula",
    email: "otieno.wafula@example.org",
    url: "https://example.org/otieno",
    ip: "192.0.2.20",
    body: "My parents' village near Kericho got a mini-grid two years ago. The biggest change was not lights but the welding shop that opened next to the market.",
    status: "approved",
    minutesAfterPublication: 140,
  },
  {
    key: "nairobi-2",
    article: "nairobi-solar-minigrids",
    parent: "nairobi-1",
    name: "Grace Njeri",
    email: "grace.njeri@example.org",
    ip: "192.0.2.21",
    body: "Same story in Nyeri. The question in the article about what happens when the main grid arrives is the one everyone there is asking.",
    status: "approved",
    minutesAfterPublication: 310,
  },
  {
    key: "bank-1",
    article: "central-bank-holds-rates",
    name: "Mert Yılmaz",
    email: "mert.yilmaz@example.org",
    ip: "192.0.2.30",
    body: "As someone running a small furniture exporter in Kayseri, I can confirm the squeeze is real. Credit is almost impossible to get at a price that makes sense.",
    status: "approved",
    minutesAfterPublication: 95,
  },
  {
    key: "film-1",
    article: "istanbul-film-festival-opens",
    name: "Clara Dubois",
    email: "clara.dubois@example.org",
    url: "https://example.org/clara",
    ip: "192.0.2.40",
    body: "Saw the Black Sea drama at the press screening. Quiet, patient and very funny in places. Hope it finds a distributor abroad.",
    status: "approved",
    minutesAfterPublication: 600,
  },
];
