# `sibyl explain`: avtalet i klartext, med ett räkneexempel.
# Variablerna beskrivs i locales/en/explain.ftl.

## Rubriker

explain-heading-who = Vilka som medverkar
explain-heading-participants = Vilka som deltar
explain-heading-measured = Vad som mäts
explain-heading-payments = Vad som betalas, för vad och när
explain-heading-limits = Upp till hur mycket
explain-heading-example = Räkneexempel: det förväntade fallet i ”{ $scenario }”
explain-heading-nothing-works = Om ingenting fungerar
explain-heading-sources = Källor
explain-add-scenario = Lägg till `--scenario FIL` för ett räkneexempel vid den förväntade effekten.

## Uppräkningar

explain-and = { $init } och { $last }

## Vilka som medverkar

explain-who-payer = { $count ->
    [one] Utfallsbetalaren, { $names }, betalar endast för verifierade resultat.
   *[other] Utfallsbetalarna, { $names }, betalar endast för verifierade resultat.
}
explain-who-provider-direct = { $count ->
    [one] Tjänsteleverantören, { $names }, driver programmet på egen risk och får betalt direkt för resultaten (resultatbaserad ersättning).
   *[other] Tjänsteleverantörerna, { $names }, driver programmet på egen risk och får betalt direkt för resultaten (resultatbaserad ersättning).
}
explain-who-investor = { $count ->
    [one] Investeraren, { $names }, skjuter till { $amount } innan något resultat är känt.
   *[other] Investerarna, { $names }, skjuter till { $amount } innan något resultat är känt.
}
explain-who-provider-funded = { $count ->
    [one] Tjänsteleverantören, { $names }, driver programmet med de pengarna.
   *[other] Tjänsteleverantörerna, { $names }, driver programmet med de pengarna.
}
explain-who-intermediary = { $count ->
    [one] Mellanhanden, { $names }, strukturerar avtalet och driver det projektbolag som förvaltar pengarna.
   *[other] Mellanhänderna, { $names }, strukturerar avtalet och driver det projektbolag som förvaltar pengarna.
}
explain-who-guarantor = { $count ->
    [one] Garantigivaren, { $names }, bär en del av investerarnas risk.
   *[other] Garantigivarna, { $names }, bär en del av investerarnas risk.
}
explain-who-evaluator = { $count ->
    [one] Utvärderaren, { $names }, mäter och validerar resultaten.
   *[other] Utvärderarna, { $names }, mäter och validerar resultaten.
}

## Avtalets perioder

explain-when = { $unit ->
    [month] månad
    [quarter] kvartal
   *[year] år
} { $n }
explain-when-from = { $unit ->
    [month] månad
    [quarter] kvartal
   *[year] år
} { $n }
explain-when-to = { $unit ->
    [month] månad
    [quarter] kvartal
   *[year] år
} { $n }
explain-when-in = { $unit ->
    [month] månad
    [quarter] kvartal
   *[year] år
} { $n }
explain-dated = { $when } ({ $month } { $year })

## Vilka som deltar

explain-participants = { $people } i { $n } { $count ->
    [one] kohort
   *[other] kohorter
}:
explain-cohort-in = { $people } som skrivs in under { $when }
explain-cohort-between = { $people } som skrivs in från { $from } till { $to }
explain-cohort-cost = ; insatsen kostar omkring { $amount } per person

## Vad som mäts

explain-metric = { $what } ({ $goal }), mäts { $after } efter inskrivningen, { $design }.

explain-stage = { $what } ({ $goal }), begärs för varje person som når det { $after }{ $wait }, { $design }.
explain-stage-from-start = efter inskrivningen
explain-stage-after = efter `{ $stages }`
explain-stage-wait = , tidigast { $periods } senare
explain-stage-repeat = , upp till { $times } gånger per person (varje gång begärs för sig, efter den föregående)
explain-stage-or = eller
explain-stage-measured = andelen som nått det inom { $after } efter kohortens sista inskrivning mäts, { $design }
explain-what-binary = om varje person uppnår `{ $unit }`
explain-what-count = { $unit } per person
explain-what-events = händelser per person
explain-what-continuous = varje persons { $unit }
explain-what-cohort = kohortens { $unit }
explain-goal-more = mer är bättre
explain-goal-fewer = mindre är bättre

explain-design-none = inget kontrafaktiskt utfall (betalning för uppnådda utfall)
explain-design-historical = mot en historisk baslinje på { $baseline }
explain-design-historical-trend = mot en historisk baslinje på { $baseline }, justerad för den trend som mäts i hela systemet under samma period
explain-design-comparison = mot en matchad jämförelsegrupp på { $size } personer{ $deff }
explain-design-rct = randomiserad kontrollgrupp på { $size } personer{ $deff }, { $pay }
explain-design-effect = (designeffekt { $x })
explain-pay-point = betalning efter punktskattningen
explain-pay-significant = betalning endast om effekten är statistiskt signifikant på nivån { $alpha } (ensidigt test)

explain-note-none = Varje utfall betalas, även de som skulle ha inträffat ändå.
explain-note-historical = Om omvärlden förändras visar den fasta baslinjen inte längre vad som skulle ha hänt.
explain-note-historical-trend = Baslinjen följer trenden i hela systemet, så en förändring som gäller alla räknas inte som programmets effekt.
explain-note-comparison = Jämförelsegruppen kan skilja sig från deltagarna på sätt som matchningen inte fångar.
explain-note-rct = Slumpmässig fördelning gör jämförelsen rättvis; bara slumpen gör den osäker.

## Vad som betalas, för vad och när

explain-paid-from-to = Betalas allteftersom anspråken kommer in, från { $first } till { $last } (om de kommer i tid).
explain-paid-in = { $count ->
    [one] Betalas under { $periods } (om resultaten kommer i tid).
   *[other] Betalas under { $periods } (om resultaten kommer i tid).
}

explain-terms-rate-card = prislista per utfall: { $prices }
explain-terms-per-improvement = { $price } per utfall som förbättrats jämfört med det kontrafaktiska utfallet för { $metric }
explain-terms-per-effect = { $price } per { $scale ->
    [relative] procentenhet
   *[absolute] enhet
} uppmätt effekt på { $metric }
explain-terms-threshold = när den uppmätta effekten på { $metric } är minst { $threshold }: { $pay }
explain-pay-price = { $amount } per enhet förbättring
explain-terms-tiers = nivåer efter den uppmätta effekten på { $metric }: { $tiers }
explain-tier = >= { $at }: { $pay }
explain-terms-savings = { $share } av den undvikna kostnaden för { $metric } ({ $value })
explain-terms-savings-switch = { $share } av den undvikna kostnaden för { $metric } ({ $value }), därefter { $then } när { $tranches } har återbetalats
explain-terms-savings-fees = , som betalas till { $tranches } som { $count ->
    [one] resultatarvode
   *[other] resultatarvoden
} utöver återbetalningen
explain-savings-scenario = scenariots undvikna kostnad
explain-savings-value = { $amount } per utfall
explain-scope-cohort = per kohort
explain-scope-pooled = sammanslaget
explain-scope-pooled-at = sammanslaget i period { $period }
explain-paid-by = { $count ->
    [one] betalas av { $payers }
   *[other] betalas av { $payers }
}
explain-payment-lag = { $lag } efter validering
explain-unless-paid = utom kohorter som redan fått betalt enligt { $rules }
explain-termination-on-result = { $must ->
    [must] { $count ->
        [one] { $payer } säger upp avtalet om delutvärderingen under { $when } mäter en effekt på { $metric } lägre än { $below } (kohorter { $cohorts }).
       *[other] { $payer } säger upp avtalet om delutvärderingen under { $when } mäter en effekt på { $metric } lägre än { $below } (kohorter { $cohorts }).
    }
   *[may] { $count ->
        [one] { $payer } får säga upp avtalet om delutvärderingen under { $when } mäter en effekt på { $metric } lägre än { $below } (kohorter { $cohorts }).
       *[other] { $payer } får säga upp avtalet om delutvärderingen under { $when } mäter en effekt på { $metric } lägre än { $below } (kohorter { $cohorts }).
    }
}
explain-termination-then = Om avtalet sägs upp gäller: { $compensation }; { $enrolled }
explain-termination-compensation-none = investerarna får ingen ersättning
explain-termination-compensation-fixed = { $payer } betalar { $amount } i ersättning
explain-termination-compensation-principal = { $payer } betalar { $share } av investerarnas ännu inte återbetalda kapital
explain-termination-enrolled-paid = utfallen för dem som redan deltar mäts och betalas ändå.
explain-termination-enrolled-stop = inget mer betalas för utfall.
explain-rule-cap = tak { $amount }
explain-rule-cap-cohort = tak per kohort { $amount }
explain-rule-last-claim = anspråk fram till period { $period }
explain-rule-cap-participant = tak per deltagare { $amount }

## Upp till hur mycket

explain-cap-deal = Betalarna betalar aldrig ut mer än { $amount } sammanlagt.
explain-cap-year = Högst { $amount } faller på ett och samma budgetår.
explain-cap-payer = { $payer } betalar högst { $amount } totalt.
explain-cap-payer-year = { $payer } betalar högst { $amount } per år.
explain-cap-metric = Betalningarna för { $metric } upphör vid { $amount }.
explain-tranche = { $kind ->
    [senior_loan] Tranchen { $id } är ett seniort lån på { $amount } från { $investor }
    [junior_loan] Tranchen { $id } är ett efterställt lån på { $amount } från { $investor }
    [recoverable_grant] Tranchen { $id } är ett återbetalningsbart bidrag på { $amount } från { $investor }
    [deferred_fees] Tranchen { $id } består av uppskjutna avgifter på { $amount } från { $investor }
   *[equity] Tranchen { $id } är eget kapital på { $amount } från { $investor }
}
explain-tranche-coupon = , med en kupongränta på { $rate } per år
explain-tranche-irr-cap = , med avkastningen begränsad till { $rate } per år
explain-tranche-multiple-cap = , med avkastningen begränsad till { $multiple } gånger insatsen
explain-excess-payer = Pengar över investerarnas avkastningstak: betalarna behåller dem.
explain-excess-provider = Pengar över investerarnas avkastningstak: de går till tjänsteleverantören som bonus.
explain-excess-shared = Pengar över investerarnas avkastningstak: tjänsteleverantören får { $share } av dem och betalarna behåller resten.
explain-no-caps = Inga tak: betalningarna växer med resultaten.
explain-indexation-prices = Priserna räknas upp med inflationen; taken ligger fast i nominella belopp.
explain-indexation-caps = Priserna och taken räknas upp med inflationen.
explain-budget = { $payer } har budgeterat { $budget } (en budget, inte ett tak: betalningarna kan överstiga den).
explain-budget-flat = { $amount } per budgetår
explain-budget-years = { $count ->
    [one] { $amount } för budgetår { $years }
   *[other] { $amount } per budgetår för budgetåren { $years }
}
explain-year-range = { $from }–{ $to }
explain-year-label = { $n }
explain-budget-span = { $years }: { $amount }

## Räkneexempel

explain-example-assumptions = Varje antagande vid sitt medelvärde, varje antal vid sitt väntevärde, ingen förtida uppsägning.
explain-example-assumptions-evaluated = Varje antagande vid sitt medelvärde, varje antal vid sitt väntevärde, ingen förtida uppsägning utöver den som en delutvärdering kan medföra.
explain-example-joined = { $enrolled } av { $people } skrivs in.
explain-example-joined-late = { $enrolled } av { $people } skrivs in, { $delay } för sent.
explain-example-binary = utan programmet uppnår { $without } av personerna `{ $unit }`, med det { $with } (en verklig effekt på { $effect }); mäts mot { $measured }.
explain-example-hazard = Nås av var och en på steget före med en chans på { $without } per period utan programmet, { $with } med det; den som inte har nått det när avtalet slutar når det aldrig.
explain-example-cohort = utan programmet är kohortens { $unit } { $without }, med det { $with } (en verklig effekt på { $effect }); mäts mot { $measured }.
explain-example-per-person = utan programmet { $without } { $unit } per person, med det { $with } (en verklig effekt på { $effect }); mäts mot { $measured }.
explain-example-per-person-plain = utan programmet { $without } per person, med det { $with } (en verklig effekt på { $effect }); mäts mot { $measured }.
explain-example-payments = Betalningar
explain-example-no-payments = inga: ingen regel uppfylls vid den förväntade effekten.
explain-example-late = regeln { $rule } skulle betala { $amount } före tak, men efter avtalets sista { $unit ->
    [month] månad
    [quarter] kvartal
   *[year] år
}: beloppet betalas inte.
explain-example-payment = { $payer } betalar { $amount } enligt regeln { $rule }
explain-example-payment-termination = { $payer } betalar { $amount } i ersättning vid uppsägning
explain-example-cut = (sänkt från { $gross } av ett tak)
explain-example-rule-unpaid = Regeln { $rule } betalar ingenting i det här fallet.
explain-example-cap-binds = Taket { $cap } begränsar betalningen.
explain-example-ended = Delutvärderingen under { $when } mäter { $effect } för { $metric }, lägre än { $below }: avtalet upphör där och ingen tillkommer därefter.

## Vart pengarna tar vägen

explain-money-heading = Vart pengarna tar vägen
explain-money-payer = { $payer } betalar { $amount } (nuvärde { $value } med en diskonteringsränta på { $rate } per år).
explain-money-payer-real = { $payer } betalar { $amount } (nuvärde { $value } med en diskonteringsränta på { $rate } per år, i period 0:s penningvärde).
explain-money-tranche = { $tranche } ({ $investor }) sätter in { $drawn } och får tillbaka { $received }: { $result }.
explain-money-tranche-multiple = { $tranche } ({ $investor }) sätter in { $drawn } och får tillbaka { $received }, en multipel på { $multiple }: { $result }.
explain-irr-rate = en internränta på { $rate } per år
explain-irr-total-loss = en total förlust
explain-irr-none = ingen meningsfull internränta
explain-money-guarantee = { $guarantor } betalar { $amount } enligt sin garanti.
explain-money-receives = { $party } får { $amount }.
explain-money-unfunded = Tjänsteleverantören står själv för { $amount } av kostnaderna.
explain-money-refunded = { $amount } utöver vad investerarna har rätt till går tillbaka till betalarna.

## Om ingenting fungerar

explain-nothing-same-case = Samma förväntade fall, men programmet har ingen effekt alls.
explain-nothing-still-pays = Betalarna får ändå betala { $amount }: för utfall som skulle ha inträffat ändå (dödviktseffekt) eller för mätbrus.
explain-nothing-direct = Tjänsteleverantören bär kostnaden för programmet och får bara det som prislistorna betalar för uppnådda utfall.
explain-nothing-investors = Utan uppmätta förbättringar betalar utfallsbetalarna ingenting; investerarna kan förlora de { $amount } de har satt in.
explain-nothing-first-loss = { $guarantor } täcker de första { $amount } av förlusterna i tranchen { $tranche }.
explain-nothing-capital-protection = { $guarantor } täcker { $share } av kapitalet i tranchen { $tranche }.
