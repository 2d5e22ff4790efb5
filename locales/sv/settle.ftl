# settle: tabellen som `sibyl settle` skriver ut (vad avtalet betalar för det som faktiskt
# hände). Variablerna beskrivs i locales/en/settle.ftl.

settle-title = { $deal }: avräkning enligt ”{ $observed }”
settle-as-of = endast till och med period { $period }: historiken slutar där, så beloppen gäller hittills och avkastningen är ännu inte känd
settle-ended-on-result = avslutat i period { $period }: delutvärderingen mätte { $effect } för { $metric }, lägre än { $below }

settle-payments = Betalningar
settle-no-payments = inga: ingen regel uppfylldes
settle-payment = period { $period }: { $payer } betalar { $amount } enligt regeln { $rule }
settle-payment-termination = period { $period }: { $payer } betalar { $amount } vid uppsägning av avtalet
settle-payment-metric = { " " }för måttet { $metric }
settle-payment-cohorts = { " " }avseende { $cohorts }
settle-payment-cut = { " " }(sänkt från { $before } av { $caps })

settle-payers = Utfallsbetalare
settle-payer = { $payer }: betalt { $paid }, nettonuvärde { $npv }
settle-payer-refunded = { $payer }: betalt { $paid } ({ $paid_out } utbetalt, varav { $handed_back } återbetalt över avkastningstaken), nettonuvärde { $npv }
settle-payer-real = { " " }(i period 0:s penningvärde)

settle-tranches = Trancher
settle-tranche = { $tranche } ({ $investor }): dragit { $drawn }, erhållit { $received }, { $irr }
settle-tranche-moic = { $tranche } ({ $investor }): dragit { $drawn }, erhållit { $received }, { $moic }, { $irr }
settle-irr = { $status ->
    [rate] internränta { $rate } per år
    [total_loss] internränta { $rate } (total förlust)
    [ongoing] internräntan är ännu inte känd
    [no_root] internräntan är odefinierad (ingen rot)
   *[multiple_roots] internräntan är odefinierad (flera rötter)
}

settle-elsewhere = Övriga flöden
settle-received = { $party } fick { $amount }
settle-guarantee-paid = garantin { $guarantee } betalade { $amount }
settle-refunded = återbetalt till betalarna (över avkastningstaken): { $amount }
settle-fees-unpaid = obetalda avgifter: { $amount }
settle-provider-unfunded = tjänstekostnader som leverantören själv bar: { $amount }
settle-caps-bound = tak som begränsade betalningarna: { $caps }
