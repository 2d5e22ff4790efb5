# HTML-raportti (`sibyl report`). Rahamäärät, osuudet ja kertoimet tulevat valmiiksi muotoiltuina.

# $scenario: skenaarion nimi; $trials: simulointikierrosten määrä; $seed: satunnaislukusiemen;
# $currency: valuuttakoodi; $terms: report-terms-nominal tai report-terms-real.
report-subtitle = Skenaario ”{ $scenario }”: { $trials } simulointikierrosta, satunnaislukusiemen { $seed }; rahamäärät valuuttana { $currency }{ $terms }.
report-terms-nominal = {""}
report-terms-real = {" "}reaalisesti (jakson 0 rahassa)
# $version: sibylin versio.
report-footer = Luotu avoimen lähdekoodin sibyl-työkalulla (versio { $version }), joka simuloi tulosperusteisia sopimuksia. Jokainen luku on ilmoitetuista simulointikierroksista laskettu Monte Carlo -estimaatti, joka esitetään keskivirheineen; määritelmät ovat tiedostossa docs/language.md.
# $path: kirjoitettu tiedosto.
report-written = raportti kirjoitettu tiedostoon { $path }

report-col-figure = Tunnusluku
report-col-mean = Keskiarvo
report-col-se = Keskivirhe
report-col-year = Budjettivuosi
report-col-case = Tapaus
report-col-assumption = Oletus
report-col-at-p10 = Oletus p10:ssä
report-col-at-p90 = Oletus p90:ssä
report-col-swing = Vaihteluväli (keskivirhe)
report-col-rho = Järjestyskorrelaatio
report-col-period = Jakso
report-col-payer = Maksaja
report-col-for = Peruste
report-col-before-caps = Ennen kattoja
report-col-paid = Maksettu
report-col-cut-by = Rajoittaneet katot
report-col-refunded = Palautettu
report-col-npv = Nettonykyarvo
report-col-tranche = Transsi
report-col-drawn = Sijoitettu
report-col-received = Saatu

# Keskeiset tunnusluvut sivun alussa. $tranche: transsin tunniste; $payer: maksajan nimi;
# $se: keskivirhe.
report-key-loss = { $tranche }: tappion todennäköisyys
report-key-moic = { $tranche }: kertoimen keskiarvo
report-key-paid = { $payer }: odotettu maksu
report-key-se = keskivirhe { $se }

report-deal = Sopimus
report-deal-intro = Sopimuksen sisältö yleiskielellä sekä se, mitä kukin osapuoli maksaa ja saa skenaarion odotetussa tapauksessa.
report-diagram-title = Kuka maksaa kenelle
report-diagram-caption = Kuka maksaa kenelle. Rahamäärät ovat skenaarion odotetusta tapauksesta (jokainen oletus keskiarvossaan), ja ne on tilitetty sopimuksen maksusääntöjen, kattojen ja maksujen etusijajärjestyksen (vesiputous) mukaan.
report-diagram-payers = Tulosten maksajat
report-diagram-vehicle = Sopimus
report-diagram-investors = Sijoittajat
report-diagram-vehicle-box = Erillisyhtiö (SPV)
report-diagram-contract = sopimus
# $amount: rahamäärä valuuttoineen.
report-diagram-pays = maksaa { $amount }
report-diagram-pays-for-outcomes = maksaa tuloksista
report-diagram-puts-in = sijoittaa { $amount }
report-diagram-gets-back = saa takaisin { $amount }
report-diagram-gets-back-if = saa takaisin, jos tuloksista maksetaan
report-diagram-receives = saa { $amount }
report-diagram-runs = toteuttaa ohjelman
# $tranche: transsin tunniste.
report-diagram-tranche = transsi { $tranche }

report-investors = Sijoittajat
report-investors-intro = Kuinka todennäköisesti kukin sijoittaja menettää rahaa ja miten sen pääoman kerroin ja vuotuinen tuotto vaihtelevat simulointikierrosten välillä. Pääoman kerroin (MOIC) on takaisin saatu määrä jaettuna sijoitetulla määrällä; alle 1 tarkoittaa tappiota.
# $tranche: transsin tunniste; $investor: sijoittajan nimi.
report-tranche = Transsi { $tranche } ({ $investor })
report-axis-moic = Pääoman kerroin (MOIC)
report-axis-irr = Vuotuinen sisäinen korkokanta
report-axis-share = Osuus simulointikierroksista
report-with-guarantee = takauksen kanssa
report-without-guarantee = ilman takausta
# $value: luku merkinnän kohdalla.
report-mark-median = mediaani { $value }
report-mark-mean = keskiarvo { $value }
report-mark-p95 = p95 { $value }
report-mark-cap = katto { $value }
report-mark-trigger = maksun laukaisuehto { $value }
report-nothing-to-draw = Ei piirrettävää: millään simulointikierroksella ei ole tässä arvoa.
# $tranche; $loss ja $loss_se: tappion todennäköisyys ja sen keskivirhe; $median, $mean:
# kertoimia; $mean_se: keskiarvon keskivirhe.
report-moic-caption = Transsin { $tranche } pääoman kerroin kullakin simulointikierroksella: punaiset pylväät ovat tappioita (alle 1). Tappion todennäköisyys { $loss } (keskivirhe { $loss_se }); mediaani { $median }; keskiarvo { $mean } (keskivirhe { $mean_se }).
# $loss, $loss_se: tappion todennäköisyys ilman takausta otokseen valituilla kierroksilla.
report-guarantee-caption = Harmaa ääriviiva näyttää samat simulointikierrokset ilman takauksen maksuja: tappion todennäköisyys olisi silloin { $loss } (keskivirhe { $loss_se }).
# $tranche; $p05, $median, $p95: vuotuisia korkoja; $undefined: niiden simulointikierrosten
# osuus, joilla sisäistä korkokantaa ei ole.
report-irr-caption = Transsin { $tranche } vuotuinen sisäinen korkokanta niillä simulointikierroksilla, joilla se on määritelty (täydellinen tappio lasketaan arvoksi -100 %): p05 { $p05 }, mediaani { $median }, p95 { $p95 }. Niiden kierrosten osuus, joilla se on määrittelemätön, on { $undefined } (mitään ei sijoitettu, tai kassavirroilla ei ole yksikäsitteistä korkokantaa). Keskimääräistä sisäistä korkokantaa hallitsisivat täydelliset tappiot, joten esitetään mediaani ja vaihteluväli.
report-fig-loss = Tappion todennäköisyys (kerroin alle 1)
report-fig-moic = Pääoman kerroin (MOIC)
report-fig-irr = Vuotuinen sisäinen korkokanta (vaihteluväli)
report-fig-pooled-irr = Keskimääräisten kassavirtojen sisäinen korkokanta
report-fig-mirr = Vuotuinen muunnettu sisäinen korkokanta (vaihteluväli)
report-fig-irr-undefined = Simulointikierrokset ilman sisäistä korkokantaa
report-fig-received = Saatu
report-fig-amount-lost = Menetetty määrä
report-fig-guarantee-drawn = Käytetty takaus
# $name: transsin tunniste tai maksajan nimi; $currency: valuuttakoodi.
report-figures-of = { $name }: tunnusluvut kaikilta simulointikierroksilta (rahamäärät valuuttana { $currency })
# $shown, $trials: simulointikierrosten määriä.
report-sample-note = Kaaviot näyttävät ajon { $trials } simulointikierroksesta ensimmäiset { $shown } (samat kierrokset, siemen ja järjestys); taulukot ja keskeiset tunnusluvut perustuvat kaikkiin { $trials } kierrokseen.

report-payers = Tulosten maksajat
report-payers-intro = Mitä kukin maksaja maksaa, mille budjettivuodelle maksut osuvat ja kuinka suuri osa niistä maksetaan tuloksista, joita ohjelma ei todellisuudessa saanut aikaan.
# $payer: maksajan nimi; $id: sen tunniste sopimuksessa.
report-payer = { $payer } ({ $id })
# $currency: valuuttakoodi.
report-axis-paid = Maksettu ({ $currency })
# $payer; $mean: rahamäärä valuuttoineen; $se, $p05, $p95: rahamääriä; $nothing: niiden
# simulointikierrosten osuus, joilla maksaja ei maksa mitään.
report-paid-caption = Maksajan { $payer } kokonaismaksu kullakin simulointikierroksella: keskiarvo { $mean } (keskivirhe { $se }), p05 { $p05 }, p95 { $p95 }. Niiden kierrosten osuus, joilla maksaja ei maksa mitään, on { $nothing }.
report-band-90 = p05–p95
report-band-50 = p25–p75
report-band-median = mediaani
report-band-mean = keskiarvo
report-years-caption = Maksajan { $payer } maksut budjettivuosittain: vaalea vyöhyke kattaa 90 % simulointikierroksista, tummempi niistä puolet, viiva on mediaani ja pisteet keskiarvo. Vuoden p95 on määrä, joka on budjetoitava, jotta budjetti riittää 19 kierroksella 20:stä.
report-years-table = Maksut budjettivuosittain ({ $currency }), kaikki simulointikierrokset
report-fig-paid = Maksettu yhteensä
# $rate: maksajan diskonttokorko.
report-fig-npv = Nykyarvo (diskonttokorko { $rate } vuodessa)
# $metric: mittarin tunniste.
report-fig-cost-per-outcome = Kustannus todellista tulosta kohden ({ $metric })
report-fig-measurement-error = Mittausvirheestä maksettu
report-fig-noise = Maksettu, vaikka todellinen vaikutus oli nolla
report-fig-deadweight = Hukkavaikutuksesta maksettu
report-fig-largest-year = Suurin yhden budjettivuoden maksu
report-fig-over-budget = Todennäköisyys, että jonkin vuoden budjetti ylittyy
report-fig-budget-excess = Budjetin ylityksen määrä
report-fig-net-value = Nettoarvo (diskontattu)
report-fig-premium = Lisähinta verrattuna palvelun suoraan ostamiseen
report-fig-deal-paid = Kaikki maksajat: maksettu
report-fig-deal-premium = Kaikki maksajat: lisähinta verrattuna palvelun suoraan ostamiseen
report-fig-any-payment = Todennäköisyys, että jotain maksetaan
report-fig-after-horizon = Todennäköisyys, että maksu osuu sopimuskauden päättymisen jälkeen
# $provider: palveluntuottajan tunniste.
report-fig-provider-revenue = { $provider }: tulot
report-fig-provider-margin = { $provider }: kate
report-fig-provider-loss = { $provider }: tappion todennäköisyys
# $metric: mittarin tunniste.
report-fig-improved = { $metric }: todella parantuneet tulokset
report-fig-outcome-paid = { $metric }: mittarin perusteella maksettu
report-deal-figures = Sopimus kokonaisuutena (rahamäärät valuuttana { $currency })

report-triggers = Maksun laukaisuehdot ja katot
report-triggers-intro = Se, johtaako kynnysarvo maksuun, riippuu mitatusta vaikutuksesta: todellinen vaikutus, lisättynä mittauskohinalla ja mahdollisella vertailukohdan harhalla (ajassa muuttuva lähtötaso tai vertailuryhmä, joka poikkeaa osallistujista). Kynnysarvon lähellä ratkaisee sattuma: käyrät näyttävät, kuinka usein kukin maksun laukaisuehto johti maksuun suhteessa simulointikierroksen todelliseen vaikutukseen. Kun katto rajoittaa, se määrää maksettavan määrän.
report-axis-true-effect = Todellinen vaikutus: { $metric }
report-axis-pays = Osuus simulointikierroksista, joilla maksetaan
# $rule: sääntö (ja sen kohortti); $paid: maksuun johtaneiden kierrosten osuus; $trials:
# otoksen kierrokset; $per_point: kunkin pisteen taustalla olevat kierrokset.
report-curve-caption = Kuinka usein sääntö { $rule } johti maksuun suhteessa simulointikierroksen todelliseen vaikutukseen (kukin piste kattaa { $per_point } simulointikierrosta, joiden todellinen vaikutus on samankaltainen, ja janat ovat kahden keskivirheen mittaisia; punainen viiva on maksun laukaisuehto). Maksuun johtaneiden kierrosten osuus on { $paid } niistä { $trials } simulointikierroksesta, joilla sääntöä testattiin. Jos käyrä nousee loivasti laukaisuehdon ympärillä, maksun ratkaisee usein mittauskohina eikä ohjelma; jos käyrä nousee sivussa laukaisuehdosta, vertailukohdassa on harhaa.
# $rule, $cohort: tunnisteita.
report-curve-cohort = { $rule } (kohortti { $cohort })
report-axis-binds = Osuus simulointikierroksista, joilla katto rajoittaa
# $p, $se: osuus ja sen keskivirhe.
report-cap-bar = { $p } (keskivirhe { $se })
report-caps-caption = Kuinka usein kukin katto rajoitti maksua. Katto, joka rajoittaa useimmilla simulointikierroksilla (punainen), määrää maksut enemmän kuin tulokset.

report-compare = Sopimusrakenteiden vertailu
# $trials; $currency.
report-compare-intro = Jokainen rakenne on simuloitu samoilla { $trials } simulointikierroksella (yhteiset satunnaisluvut), joten erot ovat parittaisia ja niiden keskivirheet pieniä. Rahamäärät valuuttana { $currency }.
report-compare-table = Keskiarvo (todennäköisyyksille todennäköisyys) rakenteittain ja kunkin rakenteen ero ensimmäiseen (keskivirhe)
report-stress = Stressitesti
report-stress-intro = Perustapaus, skenaarioon määritellyt stressitapaukset ja sisäänrakennetut sokit, kukin samoilla { $trials } simulointikierroksella; suluissa muutos perustapaukseen ja sen keskivirhe. Rahamäärät valuuttana { $currency }.
report-stress-table = Keskeiset tunnusluvut tapauksittain (muutos perustapaukseen, keskivirhe)
# $tranche, $payer: tunnisteita.
report-stress-loss = { $tranche }: tappion todennäköisyys
report-stress-moic = { $tranche }: kertoimen keskiarvo
report-stress-paid = { $payer }: maksettu keskimäärin
report-sensitivity = Mikä ratkaisee tuloksen
report-sensitivity-intro = Kutakin oletusta vaihdellaan sen 10. persentiilistä 90. persentiiliin muiden ollessa mediaaneissaan, yhteisin satunnaisluvuin; leveimmät palkit ovat merkittävimmät.
# $low, $high: tunnusluku oletuksen p10:ssä ja p90:ssä; $se: vaihteluvälin keskivirhe.
report-tornado-bar = { $low } → { $high } (vaihteluvälin keskivirhe { $se })
# $value: tunnusluku, kun jokainen oletus on mediaanissaan.
report-tornado-base = kaikki mediaaneissa: { $value }
# $metric: tunnusluvun nimi.
report-axis-metric = { $metric }
report-tornado-caption = Tornadokaavio: { $metric }, { $trials } simulointikierrosta palkkia kohden. Kukin palkki ulottuu arvosta, jolla oletus on p10:ssä, arvoon, jolla se on p90:ssä.
report-tornado-table = Kunkin oletuksen vaihteluväli
report-rank-table = Kunkin oletuksen järjestyskorrelaatio tunnusluvun kanssa skenaarion sellaisenaan tehdyssä ajossa

report-settlement = Mitä todellisuudessa tapahtui
# $file: toteumatiedosto.
report-settlement-intro = Sopimus on tilitetty tiedoston { $file } toteumatietojen perusteella samalla koodilla kuin jokainen simulointikierros: jokainen maksu, sitä rajoittaneet katot ja kunkin osapuolen tulos.
# $period: viimeinen tilitetty jakso.
report-settle-as-of = Toteumatiedot päättyvät jaksoon { $period }: luvut ovat tähänastisia, eikä tuottoja vielä tiedetä.
report-settle-payments = Maksut jaksoittain ({ $currency })
report-settle-payers = Maksajat ({ $currency })
report-settle-tranches = Transsit ({ $currency })
# $rule, $metric: tunnisteita.
report-settle-on = { $rule } (mittari { $metric })
# $what: sääntö; $cohorts: kohorttien tunnisteet.
report-settle-for = { $what }; kohortit: { $cohorts }
# $caps: kattojen nimet.
report-settle-caps = Maksua rajoittaneet katot: { $caps }.
report-irr-total-loss = -100 % (täydellinen tappio)
report-irr-ongoing = ei vielä tiedossa
report-irr-no-root = määrittelemätön (ei korkokantaa)
report-irr-multiple-roots = määrittelemätön (useita korkokantoja)

report-warnings = Mihin ei pidä luottaa
report-warnings-intro = Varoitukset näistä tuloksista: kukin kertoo, mitä se tarkoittaa ja mitä tehdä.
report-provenance = Mistä luvut ovat peräisin
report-provenance-intro = Syötetiedostot SHA-256-tiivisteineen, satunnaislukusiemen ja simulointikierrosten määrä: samat syötteet ja siemen tuottavat samat luvut millä tahansa koneella, joten päätösaineistossa esitetty luku voidaan jäljittää ja tarkistaa.
report-meta-contract = Sopimus
report-meta-scenario = Skenaario
report-meta-stress = Stressitapaus
report-meta-observed = Toteumatiedot
report-meta-design = Verrattu rakenne
report-meta-seed = Satunnaislukusiemen
report-meta-trials = Simulointikierrokset
report-meta-version = sibyl-versio
report-meta-currency = Valuutta
report-meta-command = Komento
report-definitions = Määritelmät: keskiarvo lasketaan kaikista simulointikierroksista, ja se esitetään Monte Carlo -keskivirheineen; p05, p50 ja p95 ovat simulointikierrosten 5., 50. ja 95. persentiili. Kustannus todellista tulosta kohden on mittarin perusteella maksettu odotettu määrä jaettuna mittarilla todella parantuneiden tulosten odotetulla määrällä. Mittausvirheestä maksettu on maksajan maksama määrä vähennettynä sillä, minkä se olisi maksanut tarkalla mittauksella; hukkavaikutuksesta maksettu on se, mitä maksettiin tuloksista, jotka olisivat toteutuneet joka tapauksessa.
# $guarantee: takauksen tunniste.
report-diagram-guarantee = takaus { $guarantee }
# $amount: rahamäärä valuuttoineen.
report-diagram-covers = kattaa { $amount }
report-diagram-covers-losses = kattaa tappioita
report-curve-skips = Se ei maksa kohorteista, joista { $rules } on jo maksanut, joten siellä missä ne maksavat (suurilla vaikutuksilla) se maksaa harvemmin.
report-sample-inline = Tämän kuvatekstin todennäköisyydet koskevat ensimmäisiä { $shown } simulointikierrosta, jotka kaaviossa näkyvät.
