# tables
# Tabellerna i `sibyl compare`, `sibyl stress`, `sibyl sensitivity` och `sibyl breakeven`.
# Tal, belopp, procent och multiplar kommer färdigformaterade; namn på mått, antaganden
# och trancher är identifierare och lämnas som de är. Variablerna beskrivs i
# locales/en/tables.ftl.

## Gemensamt för de fyra tabellerna

tables-terms-real = i reala termer (i period 0:s penningvärde)
tables-stress-preset = , stressvariant { $preset }
tables-na = saknas

## sibyl compare

compare-title = { $designs } i scenariot ”{ $scenario }”{ $stress }
compare-subtitle = { $trials }, slumpfrö { $seed }, gemensamma slumptal; belopp i { $currency }{ $terms }; varje variants siffror är desamma som i `sibyl run`
compare-header-mean = medelvärde (P: sannolikhet)
compare-header-difference = [{ $design }]-[1] (se)
compare-row-median = { $metric } (median)
compare-note-differences = Skillnaderna är parade medelvärden över de försök där båda varianterna har ett värde för måttet (en internränta kan vara odefinierad i vissa; `n` i JSON). Skattningar för hela körningen (`pooled_irr`: internräntan för de genomsnittliga kassaflödena; `cost_per_true_outcome`: kostnad per verkligt utfall, dvs. förväntat betalt belopp / förväntat antal verkligt förbättrade utfall) visas som värden och deras skillnader med parade standardfel enligt deltametoden.
compare-note-paired = Parade skillnader: standardfelen är i median { $times } gånger mindre än med oberoende körningar (`unpaired_se` i JSON).
compare-warnings = Varningar för [{ $design }]

## sibyl stress

stress-title = { $deal } i scenariot ”{ $scenario }”, stresstest
stress-subtitle = { $trials } per fall, slumpfrö { $seed }, gemensamma slumptal; belopp i { $currency }{ $terms } (medelvärden om inget annat anges; poolad internränta är internräntan för de genomsnittliga kassaflödena)
stress-header-case = fall
stress-case-base = basfall
stress-column-loss = { $tranche } P(förlust)
stress-column-moic = { $tranche } multipel
stress-column-irr-median = { $tranche } internränta p50
stress-column-pooled-irr = { $tranche } poolad internränta
stress-column-irr = { $tranche } internränta
stress-column-paid = { $payer } betalt
stress-column-any-payment = P(någon betalning)
stress-changes-title = Förändring från basfallet (standardfel för den parade skillnaden)
stress-measured-title = Om varje måtts uppmätta effekt vore exakt X (i övrigt den förväntade utvecklingen, avräknad en gång, utan brus)
stress-header-measured = uppmätt effekt
stress-cases = Fall
stress-about-base = scenariot som det är skrivet
stress-about-preset = en stressvariant i scenariot
stress-about-effect-halved = den verkliga effekten på varje mått är hälften av scenariots
stress-about-referrals-minus-30 = 30 % färre remitteringar till varje kohort
stress-about-delay = varje kohort startar sex månader för sent ({ $periods })
stress-about-delay-unpaid-one = varje kohort startar sex månader för sent ({ $periods }); resultaten för kohort { $cohort } kommer då efter avtalets slut och betalas aldrig
stress-about-delay-unpaid = varje kohort startar sex månader för sent ({ $periods }); resultaten för kohorterna { $cohorts } kommer då efter avtalets slut och betalas aldrig
stress-about-delay-rounded-up = { $periods }, avrundat uppåt
stress-about-terminated-year-2 = betalaren säger upp avtalet vid slutet av år 2 (period { $period } är den sista)
stress-about-terminated-after-year-2 = betalaren säger upp avtalet så snart avtalet tillåter efter år 2 (period { $period } är den sista)

## sibyl sensitivity

sensitivity-statistic-probability = sannolikhet
sensitivity-statistic-estimate = en skattning för hela körningen, med standardfel enligt deltametoden
sensitivity-statistic-mean = medelvärde över de försök där det är definierat
sensitivity-title = Känslighet för { $metric } ({ $statistic }) i { $deal }, scenariot ”{ $scenario }”{ $stress }
sensitivity-subtitle = { $trials } per fall, slumpfrö { $seed }; belopp i { $currency }{ $terms }; med alla antaganden på sina medianer: { $value } ({ $se })
sensitivity-tornado-title = Tornadodiagram: varje antagande från sin p10 till sin p90, de övriga på sina medianer
sensitivity-header-assumption = antagande
sensitivity-header-at-p10 = vid p10
sensitivity-header-at-p90 = vid p90
sensitivity-header-swing = utslag (se)
sensitivity-header-rho = ρ
sensitivity-rank-title = Rangkorrelationer med { $metric } (Spearman, över försöken i scenariot som det är skrivet)
sensitivity-rank-none = Rangkorrelationer: inga, eftersom { $metric } är en siffra för hela körningen utan värde per försök
sensitivity-undefined = { $metric } är odefinierat i { $undefined } av { $trials } { $count ->
    [one] försök
   *[other] försök
}; statistiken omfattar de övriga.

## sibyl breakeven

breakeven-title = Brytpunkt för { $assumption } där P({ $target }) = { $probability } i { $deal }, scenariot ”{ $scenario }”
breakeven-subtitle = { $trials } per skattning, slumpfrö { $seed }, gemensamma slumptal; { $assumption } hålls fast vid varje värde, och de antaganden som korrelerar med det dras betingat på det
breakeven-band = { $level } Monte Carlo-intervall: { $low } till { $high } (där den skattade sannolikheten ligger inom 1,96 standardfel från { $probability })
breakeven-higher-likelier = ett högre värde på { $assumption } gör målet mer sannolikt när { $assumption } går från { $low } till { $high }
breakeven-lower-likelier = ett lägre värde på { $assumption } gör målet mer sannolikt när { $assumption } går från { $low } till { $high }
breakeven-crosses-again = obs: sannolikheten korsar { $probability } igen nära { $values }: den rör sig inte åt ett och samma håll med { $assumption }
breakeven-no-influence = ingen: { $assumption } påverkar inte målet (identiska skattningar för { $assumption } från { $low } till { $high })
breakeven-not-identified = kan inte bestämmas: sannolikheten ligger inom Monte Carlo-bruset kring { $probability } för { $assumption } från { $low } till { $high }; fler försök kan avgöra saken
breakeven-undefined = odefinierad för { $assumption } från { $low } till { $high }
breakeven-always-above = nås inte: sannolikheten ligger kvar över { $probability } för { $assumption } från { $low } till { $high }
breakeven-always-below = nås inte: sannolikheten ligger kvar under { $probability } för { $assumption } från { $low } till { $high }
breakeven-undefined-share = obs: { $metric } är odefinierat i upp till { $share } av försöken vid vissa värden; de försöken räknas som att målet inte nås
breakeven-as-written = i scenariot som det är skrivet (medianen för { $assumption } är { $median }): P = { $probability } ({ $se })
breakeven-by-value = Sannolikheten att nå målet, per värde

## sibyl breakeven för en skattning för hela körningen

breakeven-estimate-title = Brytpunkt för { $assumption } där { $target } (en skattning för hela körningen) i { $deal }, scenariot ”{ $scenario }”
breakeven-estimate-band = { $level } Monte Carlo-intervall: { $low } till { $high } (där skattningen ligger inom 1,96 standardfel från { $threshold })
breakeven-estimate-higher-raises = ett högre värde på { $assumption } höjer { $metric } när { $assumption } går från { $low } till { $high }
breakeven-estimate-lower-raises = ett lägre värde på { $assumption } höjer { $metric } när { $assumption } går från { $low } till { $high }
breakeven-estimate-crosses-again = obs: { $metric } korsar { $threshold } igen nära { $values }: det rör sig inte åt ett och samma håll med { $assumption }
breakeven-estimate-no-influence = ingen: { $assumption } påverkar inte { $metric } för { $assumption } från { $low } till { $high }
breakeven-estimate-not-identified = kan inte bestämmas: { $metric } ligger inom Monte Carlo-bruset kring { $threshold } för { $assumption } från { $low } till { $high }; fler försök kan avgöra saken
breakeven-estimate-undefined = odefinierad: { $metric } saknar värde överallt för { $assumption } från { $low } till { $high } (för en kostnad per verkligt utfall: inget utfall förbättras verkligen)
breakeven-estimate-always-above = nås inte: { $metric } ligger kvar över { $threshold } för { $assumption } från { $low } till { $high }
breakeven-estimate-always-below = nås inte: { $metric } ligger kvar under { $threshold } för { $assumption } från { $low } till { $high }
breakeven-estimate-as-written = i scenariot som det är skrivet (medianen för { $assumption } är { $median }): { $value } ({ $se })
breakeven-estimate-by-value = { $metric } per värde
breakeven-header-estimate = skattning
