# settle: komennon `sibyl settle` taulukko (mitä sopimus maksaa siitä, mitä todella
# tapahtui). Muuttujien kuvaukset ovat tiedostossa locales/en/settle.ftl.

settle-title = { $deal }: tilitys historian ”{ $observed }” mukaan
settle-as-of = vain jaksoon { $period } asti: historia päättyy siihen, joten summat ovat tähänastisia eikä tuottoja vielä tiedetä
settle-ended-on-result = päättyi jaksolla { $period }: väliarviointi mittasi mittarin { $metric } vaikutukseksi { $effect }, alle { $below }

settle-payments = Maksut
settle-no-payments = ei maksuja: mikään sääntö ei täyttynyt
settle-payment = jakso { $period }: { $payer } maksaa { $amount } säännön { $rule } perusteella
settle-payment-termination = jakso { $period }: { $payer } maksaa { $amount } sopimuksen irtisanomisen vuoksi
settle-payment-metric = , mittari { $metric }
settle-payment-cohorts = , kohortit { $cohorts }
settle-payment-cut = { " " }(alun perin { $before }, rajoittaneet katot: { $caps })

settle-payers = Tulosten maksajat
settle-payer = { $payer }: maksettu { $paid }, nettonykyarvo { $npv }
settle-payer-refunded = { $payer }: maksettu { $paid } ({ $paid_out } maksettu, josta { $handed_back } palautettu tuoton katot ylittävänä osana), nettonykyarvo { $npv }
settle-payer-real = { " " }(jakson 0 rahassa)

settle-tranches = Transsit
settle-tranche = { $tranche } ({ $investor }): nostettu { $drawn }, saatu { $received }, { $irr }
settle-tranche-moic = { $tranche } ({ $investor }): nostettu { $drawn }, saatu { $received }, { $moic }, { $irr }
settle-irr = { $status ->
    [rate] sisäinen korkokanta { $rate } vuodessa
    [total_loss] sisäinen korkokanta { $rate } (täysi tappio)
    [ongoing] sisäinen korkokanta ei vielä tiedossa
    [no_root] sisäinen korkokanta määrittelemätön (ei juurta)
   *[multiple_roots] sisäinen korkokanta määrittelemätön (useita juuria)
}

settle-elsewhere = Muut rahavirrat
settle-received = { $party } sai { $amount }
settle-guarantee-paid = takaus { $guarantee } maksoi { $amount }
settle-refunded = palautettu maksajille (tuoton katot ylittävä osa): { $amount }
settle-fees-unpaid = maksamattomat palkkiot: { $amount }
settle-provider-unfunded = palveluntuottajan itse kantamat palvelukustannukset: { $amount }
settle-caps-bound = rajoittaneet katot: { $caps }
