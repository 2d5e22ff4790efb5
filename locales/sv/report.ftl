# HTML-rapporten (`sibyl report`). Belopp, andelar och multiplar kommer färdigformaterade.

# $scenario: scenariots namn; $trials: antalet försök; $seed: slumpfröet; $currency:
# valutakoden; $terms: report-terms-nominal eller report-terms-real.
report-subtitle = Scenario ”{ $scenario }”: { $trials } simulerade försök, slumpfrö { $seed }; belopp i { $currency }{ $terms }.
report-terms-nominal = {""}
report-terms-real = {" "}i reala termer (i period 0:s penningvärde)
# $version: sibyls version.
report-footer = Skapad med sibyl { $version }, ett verktyg med öppen källkod som simulerar resultatbaserade avtal. Varje siffra är en Monte Carlo-skattning över det angivna antalet försök, med sitt standardfel; definitionerna finns i docs/language.md.
# $path: filen som skrevs.
report-written = rapporten skrevs till { $path }

report-col-figure = Nyckeltal
report-col-mean = Medelvärde
report-col-se = Standardfel
report-col-year = Budgetår
report-col-case = Fall
report-col-assumption = Antagande
report-col-at-p10 = Vid p10
report-col-at-p90 = Vid p90
report-col-swing = Utslag (standardfel)
report-col-rho = Rangkorrelation
report-col-period = Period
report-col-payer = Betalare
report-col-for = Avser
report-col-before-caps = Före tak
report-col-paid = Betalt
report-col-cut-by = Begränsad av
report-col-refunded = Återbetalt
report-col-npv = Nettonuvärde
report-col-tranche = Tranch
report-col-drawn = Investerat
report-col-received = Erhållet

# Nyckeltal överst. $tranche: en tranchs id; $payer: en betalares namn; $se: ett
# standardfel.
report-key-loss = { $tranche }: sannolikhet för förlust
report-key-moic = { $tranche }: genomsnittlig multipel
report-key-paid = { $payer }: förväntad betalning
report-key-se = standardfel { $se }

report-deal = Avtalet
report-deal-intro = Vad avtalet säger, i klartext, och vad varje part betalar och får i scenariots förväntade fall.
report-diagram-title = Vem betalar vem
report-diagram-caption = Vem betalar vem. Beloppen gäller scenariots förväntade fall (varje antagande på sitt medelvärde), avräknade enligt avtalets betalningsregler, tak och betalningsordning (vattenfall).
report-diagram-payers = Utfallsbetalare
report-diagram-vehicle = Avtalet
report-diagram-investors = Investerare
report-diagram-vehicle-box = Specialbolag (SPV)
report-diagram-contract = avtalet
# $amount: ett belopp med valuta.
report-diagram-pays = betalar { $amount }
report-diagram-pays-for-outcomes = betalar för utfall
report-diagram-puts-in = investerar { $amount }
report-diagram-gets-back = får tillbaka { $amount }
report-diagram-gets-back-if = får tillbaka om utfall betalas
report-diagram-receives = får { $amount }
report-diagram-runs = genomför programmet
# $tranche: tranchens id.
report-diagram-tranche = tranch { $tranche }

report-investors = Investerare
report-investors-intro = Hur sannolikt det är att varje investerare förlorar pengar, och hur multipeln och den årliga avkastningen fördelar sig över försöken. Multipeln på investerat kapital (MOIC) är det som kom tillbaka delat med det som investerades; under 1 innebär förlust.
# $tranche: tranchens id; $investor: investerarens namn.
report-tranche = Tranch { $tranche } ({ $investor })
report-axis-moic = Multipel på investerat kapital (MOIC)
report-axis-irr = Internränta per år
report-axis-share = Andel av försöken
report-with-guarantee = med garantin
report-without-guarantee = utan garantin
# $value: värdet vid markeringen.
report-mark-median = median { $value }
report-mark-mean = medelvärde { $value }
report-mark-p95 = p95 { $value }
report-mark-cap = tak { $value }
report-mark-trigger = utlösande villkor { $value }
report-nothing-to-draw = Inget att rita: inget försök har något värde här.
# $tranche; $loss och $loss_se: sannolikheten för förlust och dess standardfel; $median,
# $mean: multiplar; $mean_se: medelvärdets standardfel.
report-moic-caption = Multipeln för tranchen { $tranche } i varje försök: röda staplar är förluster (under 1). Sannolikhet för förlust { $loss } (standardfel { $loss_se }); median { $median }; medelvärde { $mean } (standardfel { $mean_se }).
# $loss, $loss_se: sannolikheten för förlust utan garantin, över de utvalda försöken.
report-guarantee-caption = Den grå konturen visar samma försök utan garantins betalningar: sannolikheten för förlust skulle då vara { $loss } (standardfel { $loss_se }).
# $tranche; $p05, $median, $p95: årliga räntor; $undefined: andelen försök utan internränta.
report-irr-caption = Den årliga internräntan för tranchen { $tranche }, över de försök där den är definierad (en total förlust räknas som -100 %): p05 { $p05 }, median { $median }, p95 { $p95 }. Den är odefinierad i { $undefined } av försöken (inget investerades, eller kassaflödena har ingen entydig ränta); en genomsnittlig internränta skulle domineras av de totala förlusterna, därför visas median och intervall.
report-fig-loss = Sannolikhet för förlust (multipel under 1)
report-fig-moic = Multipel (MOIC)
report-fig-irr = Internränta per år (intervall)
report-fig-pooled-irr = Internränta för de genomsnittliga kassaflödena
report-fig-mirr = Modifierad internränta per år (intervall)
report-fig-irr-undefined = Försök utan internränta
report-fig-received = Erhållet
report-fig-amount-lost = Förlorat belopp
report-fig-guarantee-drawn = Utnyttjad garanti
# $name: en tranchs id eller en betalares namn; $currency: valutakoden.
report-figures-of = { $name }: nyckeltal över alla försök (belopp i { $currency })
# $shown, $trials: antal försök.
report-sample-note = Diagrammen visar de första { $shown } av körningens { $trials } försök (samma försök, slumpfrö och ordning); tabellerna och nyckeltalen bygger på alla { $trials }.

report-payers = Utfallsbetalare
report-payers-intro = Vad varje betalare betalar, vilket budgetår betalningen belastar och hur mycket av den som går till utfall som programmet inte verkligen orsakade.
# $payer: betalarens namn; $id: dess id i avtalet.
report-payer = { $payer } ({ $id })
# $currency: valutakoden.
report-axis-paid = Betalt ({ $currency })
# $payer; $mean: ett belopp med valuta; $se, $p05, $p95: belopp; $nothing: andelen försök
# där betalaren inte betalar något.
report-paid-caption = Vad { $payer } betalar totalt i varje försök: medelvärde { $mean } (standardfel { $se }), p05 { $p05 }, p95 { $p95 }. Ingen betalning sker i { $nothing } av försöken.
report-band-90 = p05 till p95
report-band-50 = p25 till p75
report-band-median = median
report-band-mean = medelvärde
report-years-caption = Vad { $payer } betalar varje budgetår: det ljusa bandet rymmer 90 % av försöken, det mörkare hälften av dem, linjen är medianen och punkterna medelvärdet. Ett års p95 är det belopp som behöver budgeteras för att betalningen ska täckas i 19 försök av 20.
report-years-table = Betalningar per budgetår ({ $currency }), över alla försök
report-fig-paid = Totalt betalt
# $rate: betalarens diskonteringsränta.
report-fig-npv = Nuvärde (diskonteringsränta { $rate } per år)
# $metric: måttets id.
report-fig-cost-per-outcome = Kostnad per verkligt utfall ({ $metric })
report-fig-measurement-error = Betalt för mätfel
report-fig-noise = Betalt där den verkliga effekten var noll
report-fig-deadweight = Betalt för dödviktseffekt
report-fig-largest-year = Högsta belopp under ett budgetår
report-fig-over-budget = Sannolikhet för ett år över budget
report-fig-budget-excess = Budgetöverskridande, belopp
report-fig-net-value = Nettovärde (diskonterat)
report-fig-premium = Merkostnad jämfört med att köpa tjänsten direkt
report-fig-deal-paid = Alla betalare: betalt
report-fig-deal-premium = Alla betalare: merkostnad jämfört med att köpa tjänsten direkt
report-fig-any-payment = Sannolikhet för någon betalning
report-fig-after-horizon = Sannolikhet för en betalning efter avtalets slut
# $provider: leverantörens id.
report-fig-provider-revenue = { $provider }: intäkter
report-fig-provider-margin = { $provider }: marginal
report-fig-provider-loss = { $provider }: sannolikhet för förlust
# $metric: måttets id.
report-fig-improved = { $metric }: verkligt förbättrade utfall
report-fig-outcome-paid = { $metric }: betalt för måttet
report-deal-figures = Avtalet som helhet (belopp i { $currency })

report-triggers = Utlösande villkor och tak
report-triggers-intro = Om en tröskel leder till betalning beror på den uppmätta effekten: den verkliga effekten plus mätbrus plus en eventuell skevhet i det som effekten mäts mot (en baslinje som glider, en jämförelsegrupp som skiljer sig). Nära tröskeln avgör slumpen: kurvorna visar hur ofta varje utlösande villkor gav betalning, mot försökets verkliga effekt. När ett tak begränsar är det taket som bestämmer vad som betalas.
report-axis-true-effect = Verklig effekt på { $metric }
report-axis-pays = Andel av försöken med betalning
# $rule: regeln (med sin kohort); $paid: andelen försök med betalning; $trials: de utvalda
# försöken; $per_point: försöken bakom varje punkt.
report-curve-caption = Hur ofta regeln { $rule } gav betalning, mot försökets verkliga effekt (varje punkt är { $per_point } försök med liknande verklig effekt, med felstaplar på två standardfel; den röda linjen är det utlösande villkoret). Regeln gav betalning i { $paid } av de { $trials } försök där den prövades. En kurva som stiger långsamt kring det utlösande villkoret betyder att det ofta är mätbruset, inte programmet, som avgör betalningen; en kurva som stiger en bit från villkoret visar en skevhet i jämförelsen.
# $rule, $cohort: id.
report-curve-cohort = { $rule } för kohort { $cohort }
report-axis-binds = Andel av försöken där taket begränsar
# $p, $se: en andel och dess standardfel.
report-cap-bar = { $p } (standardfel { $se })
report-caps-caption = Hur ofta varje tak begränsade en betalning. Ett tak som begränsar i de flesta försöken (rött) bestämmer betalningarna mer än resultaten gör.

report-compare = Jämförelse av utformningar
# $trials; $currency.
report-compare-intro = Varje utformning simuleras på samma { $trials } försök (gemensamma slumptal), så skillnaderna är parade och deras standardfel små. Belopp i { $currency }.
report-compare-table = Medelvärde (eller sannolikhet, för sannolikheter) per utformning, och varje utformnings skillnad mot den första (standardfel)
report-stress = Stresstest
report-stress-intro = Basfallet, scenariots fördefinierade stressfall och de inbyggda chockerna, vart och ett på samma { $trials } försök; inom parentes förändringen mot basfallet och dess standardfel. Belopp i { $currency }.
report-stress-table = Nyckeltal per fall (förändring mot basfallet, standardfel)
# $tranche, $payer: id.
report-stress-loss = { $tranche }: sannolikhet för förlust
report-stress-moic = { $tranche }: genomsnittlig multipel
report-stress-paid = { $payer }: betalt i genomsnitt
report-sensitivity = Vad som driver resultatet
report-sensitivity-intro = Varje antagande varieras från sin 10:e till sin 90:e percentil medan de övriga ligger på sina medianer, med gemensamma slumptal; de bredaste staplarna betyder mest.
# $low, $high: nyckeltalet vid antagandets p10 och p90; $se: utslagets standardfel.
report-tornado-bar = { $low } → { $high } (utslagets standardfel { $se })
# $value: nyckeltalet med alla antaganden på sina medianer.
report-tornado-base = alla på median: { $value }
# $metric: nyckeltalets namn.
report-axis-metric = { $metric }
report-tornado-caption = Tornadodiagram för { $metric } med { $trials } försök per stapel: varje stapel går från värdet med antagandet på sin p10 till värdet på sin p90.
report-tornado-table = Utslag per antagande
report-rank-table = Rangkorrelation mellan varje antagande och nyckeltalet i en körning av scenariot som det är skrivet

report-settlement = Vad som faktiskt hände
# $file: filen med historiken.
report-settlement-intro = Avtalet avräknas mot historiken i { $file } med samma kod som varje simulerat försök: varje betalning, taken som begränsade den och varje parts resultat.
# $period: den sista avräknade perioden.
report-settle-as-of = Historiken slutar vid period { $period }: siffrorna gäller hittills och avkastningen är ännu inte känd.
report-settle-payments = Betalningar period för period ({ $currency })
report-settle-payers = Per betalare ({ $currency })
report-settle-tranches = Per tranch ({ $currency })
# $rule, $metric: id.
report-settle-on = { $rule } på { $metric }
# $what: regeln; $cohorts: kohorternas id.
report-settle-for = { $what } för { $cohorts }
# $caps: takens namn.
report-settle-caps = Tak som begränsade en betalning: { $caps }.
report-irr-total-loss = -100 % (total förlust)
report-irr-ongoing = ännu inte känd
report-irr-no-root = odefinierad (ingen ränta)
report-irr-multiple-roots = odefinierad (flera räntor)

report-warnings = Vad man inte ska lita på
report-warnings-intro = Varningar om dessa resultat: var och en säger vad den betyder och vad man ska göra.
report-provenance = Var siffrorna kommer ifrån
report-provenance-intro = Indata med sina SHA-256-fingeravtryck, slumpfröet och antalet försök: samma indata och slumpfrö ger samma siffror på vilken dator som helst, så att en siffra i ett beslutsunderlag kan spåras och kontrolleras.
report-meta-contract = Avtal
report-meta-scenario = Scenario
report-meta-stress = Stressfall
report-meta-observed = Historik
report-meta-design = Jämförd utformning
report-meta-seed = Slumpfrö
report-meta-trials = Försök
report-meta-version = sibyl-version
report-meta-currency = Valuta
report-meta-command = Kommando
report-definitions = Definitioner: ett medelvärde avser alla försök och anges med sitt Monte Carlo-standardfel; p05, p50 och p95 är försökens 5:e, 50:e och 95:e percentil. Kostnaden per verkligt utfall är det förväntade belopp som betalats för ett mått delat med det förväntade antalet verkligt förbättrade utfall för måttet. Betalt för mätfel är vad betalaren betalade minus vad en exakt mätning skulle ha lett till; betalt för dödviktseffekt är vad som betalades för utfall som skulle ha inträffat ändå.
# $guarantee: garantins id.
report-diagram-guarantee = garanti { $guarantee }
# $amount: ett belopp med valuta.
report-diagram-covers = täcker { $amount }
report-diagram-covers-losses = täcker förluster
report-curve-skips = Den betalar inte för kohorter som { $rules } redan har betalat för, så där de betalar (vid stora effekter) betalar den mer sällan.
report-sample-inline = Sannolikheterna i denna bildtext gäller de första { $shown } försöken, de som visas i diagrammet.
