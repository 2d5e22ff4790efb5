# Vad man inte ska lita på i ett resultat. Varje meddelande säger vad det betyder och vad man
# ska göra; dess id är `warning-` och varningens kod.

warning-precision-not-reached = standardfelet för { $names } ligger fortfarande över den begärda precisionen { $target } efter högst { $max } försök; höj --max-trials eller godta en grövre precision
warning-payment-after-horizon = i { $share } % av försöken skulle en betalning falla efter avtalets sista period (period { $last }), dit skjuten av förseningar i inskrivning eller validering, och betalas inte; siffrorna utelämnar den: förläng `horizon` i [deal] om avtalet betalar den
warning-cap-binds-mostly = taket { $cap } begränsar i { $share } % av försöken: utfallsbetalningarna bestäms mest av taket, inte av resultaten; kontrollera att taket ligger där budgeten avser
warning-irr-undefined = internräntan (IRR) för { $tranche } är odefinierad (inget investerades, eller flödena har ingen rot eller flera) i { $share } % av försöken; dess IRR-statistik täcker bara de övriga försöken, så läs den modifierade internräntan, multipeln och förlusten bredvid
warning-cost-per-outcome-imprecise = { $name } är { $value } med ett standardfel på { $se }, mer än hälften av värdet: betalningarna är sällsynta eller varierar kraftigt, eller de verkligt förbättrade utfallen väntas ligga nära noll, så kvoten är knappt känd; kör fler försök och läs vad som betalats för brus och mätfel bredvid
warning-cost-per-outcome-undefined = { $name } är odefinierad: det förväntade antalet verkligt förbättrade utfall är inte positivt (ingen verklig effekt, eller ingen skrevs in), så det finns inget att dividera med; läs i stället vad som betalats för brus och mätfel
warning-pooled-irr-undefined = { $name } är odefinierad: de genomsnittliga kassaflödena för tranchen `{ $tranche }` har ingen internränta (inget investerades, eller de har ingen rot eller flera, ofta för att kapital dragits efter den sista inbetalningen); läs i stället den modifierade internräntan och multipeln, där pengar investerades
warning-trigger-within-noise = regel { $rule }: dess utlösande villkor { $trigger } ligger inom mätbruset kring den förväntade effekten { $effect } (standardfel { $se }, { $group }): slumpen avgör om den betalar; större grupper eller sammanslagna kohorter mäts mer exakt
warning-group-pooled = sammanslaget
warning-group-cohort = för kohort { $cohort }
