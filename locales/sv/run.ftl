# run: tabellen som `sibyl run` skriver ut och dess meddelanden på standard error.
# Variablerna beskrivs i locales/en/run.ftl.

run-title = { $deal } i scenariot ”{ $scenario }”
run-title-stress = { $deal } i scenariot ”{ $scenario }”, stresstest { $preset }
run-trials = { $trials }, slumpfrö { $seed }; belopp i { $currency }{ $terms ->
    [real] { " " }i reala termer (i period 0:s penningvärde)
   *[nominal] {""}
}

run-column-mean = medelvärde
run-column-se = (se)

run-section-investors = Investerare
run-section-payers = Utfallsbetalare
run-section-providers = Tjänsteleverantörer
run-section-deal = Avtalet
run-section-outcomes = Utfall (alla kohorter)
run-section-rules = Betalningsregler: hur ofta var och en betalar
run-section-caps = Tak: hur ofta vart och ett begränsar
run-section-warnings = Varningar

run-tranche-loss = { $id }: P(förlust)
run-tranche-moic = { $id }: multipel på investerat kapital (MOIC)
run-tranche-irr = { $id }: internränta per år, median (p50) och spridning
run-tranche-pooled-irr = { $id }: internränta för de genomsnittliga kassaflödena (sammanslagen)
run-tranche-mirr = { $id }: modifierad internränta per år, median och spridning
run-tranche-amount-lost = { $id }: förlorat belopp
run-tranche-guarantee-drawn = { $id }: utnyttjad garanti

run-payer-paid = { $id }: betalt
run-payer-npv = { $id }: nettonuvärde vid { $rate }
run-payer-paid-year = { $id }: betalt budgetåret { $year }
run-payer-largest-year = { $id }: betalt det dyraste budgetåret
run-payer-budget-excess = { $id }: över budget, med hur mycket
run-payer-over-budget = { $id }: P(något år över budget)
run-payer-over-budget-year = { $id }: P(över budget { $year })
run-payer-cost-per-true-outcome = { $id }: kostnad per verkligt utfall ({ $metric })
run-payer-measurement-error = { $id }: betalt för mätfel
run-payer-noise = { $id }: betalt när den verkliga effekten var noll
run-payer-deadweight = { $id }: betalt för dödviktseffekt
run-payer-net-value = { $id }: nettovärde (diskonterat)
run-payer-premium = { $id }: merkostnad jämfört med att köpa tjänsten

run-provider-revenue = { $id }: intäkter
run-provider-cost = { $id }: kostnader
run-provider-unfunded-cost = { $id }: ofinansierade kostnader
run-provider-margin = { $id }: marginal
run-provider-loss = { $id }: P(förlust)

run-deal-paid = alla betalare: betalt
run-deal-premium = alla betalare: merkostnad jämfört med att köpa tjänsten
run-deal-any-payment = P(minst en betalning)
run-intermediary-fees = { $id }: avgifter

run-outcome-achieved = { $id }: { $kind ->
    [binary] { $direction ->
        [increase] personer som uppnår det
       *[reduce] personer som undviker det
    }
    [count] händelser i insatsgruppen
    [continuous] poäng i insatsgruppen
   *[cohort] kohorternas värden, summerade
}
run-outcome-improved = { $id }: verkligt förbättrade
run-outcome-measured = { $id }: förbättrade enligt mätningen
run-outcome-paid = { $id }: betalt för dem

run-estimates-note =
    Internräntan för de genomsnittliga kassaflödena och kostnaderna per verkligt utfall (förväntat
    betalt belopp delat med förväntat antal verkligt förbättrade utfall, per mått i dess enhet)
    gäller hela körningen: deras värde och standardfel står i kolumnerna medelvärde och (se).

run-written = körningen har skrivits till { $dir } ({ $files })
run-replaced-incomplete = den ersatte en ofullständig körning som låg i { $dir }

run-progress = { $done }/{ $total } försök simulerade [{ $elapsed }] { $bar } kvar { $eta }

# run --split-uncertainty (src/report/split_table.rs). Row labels are the run-* ones above.
split-draws = { $outer } parameterdragningar, { $inner } försök i varje; slumpfrö { $seed }; belopp i { $currency }{ $terms ->
    [real] { " " }i reala termer (pengar i period 0)
   *[nominal] {""}
}
split-parameters = Parametrar (okända fakta om världen, dragna en gång per parameterdragning): { $list }
split-parameters-none = Parametrar: inga dragna (varje antagande är fast eller slump)
split-chance = Slump (dragen i varje försök): { $list }, samt vem som remitteras, avbryter och når utfall, och mätningen
split-chance-none = Slump (dragen i varje försök): vem som remitteras, avbryter och når utfall, och mätningen
split-column-parameters = parametrar
split-column-chance = slump
split-column-inner-se = inre standardfel
split-note =
    parametrar, slump: andelarna av ett måtts varians i ett försök som kommer från parametrarna
    och från slumpen, med parameterandelens standardfel (jackknife över dragningar). p05, p50,
    p95: måttets medelvärde inom en parameterdragning (för en sannolikhet, sannolikheten), över
    parameterdragningar. Mått för hela körningen (internräntan för de genomsnittliga
    kassaflödena, kostnader per verkligt utfall) delas inte upp: bara medelvärde och spridning.
split-note-clamped = * dragningarna skilde sig mindre än slumpen ensam ger: parametrarnas andel sätts till 0.
split-note-inner =
    inre standardfel: varje dragnings eget fel från Monte Carlo-simuleringen i måttet (kvadratiskt
    medelvärde över dragningar); spridningen p05 till p95 inkluderar det, så höj --inner för att
    minska den (JSON: parameter_sd har det borttaget).
split-note-no-parameters = Inget antagande dras i den yttre loopen (alla är fasta eller slump): parametrarnas andel är 0 per konstruktion, och dragningarna skiljer sig bara av slump.
