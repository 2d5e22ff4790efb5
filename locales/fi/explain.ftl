# `sibyl explain`: sopimus selkokielellä, laskuesimerkin kanssa.
# Muuttujat on kuvattu tiedostossa locales/en/explain.ftl.

## Otsikot

explain-heading-who = Osapuolet
explain-heading-participants = Osallistujat
explain-heading-measured = Mitä mitataan
explain-heading-payments = Mitä maksetaan, mistä ja milloin
explain-heading-limits = Kuinka paljon enintään
explain-heading-example = Laskuesimerkki: skenaarion ”{ $scenario }” odotettu tapaus
explain-heading-nothing-works = Jos mikään ei toimi
explain-heading-sources = Lähteet
explain-add-scenario = Lisää `--scenario TIEDOSTO`, niin saat laskuesimerkin odotetulla vaikutuksella.

## Luettelot

explain-and = { $init } ja { $last }

## Osapuolet

explain-who-payer = { $count ->
    [one] Tulosten maksaja, { $names }, maksaa vain todennetuista tuloksista.
   *[other] Tulosten maksajat, { $names }, maksavat vain todennetuista tuloksista.
}
explain-who-provider-direct = { $count ->
    [one] Palveluntuottaja, { $names }, toteuttaa ohjelman omalla riskillään, ja sille maksetaan suoraan tuloksista (tulosperusteinen maksaminen).
   *[other] Palveluntuottajat, { $names }, toteuttavat ohjelman omalla riskillään, ja niille maksetaan suoraan tuloksista (tulosperusteinen maksaminen).
}
explain-who-investor = { $count ->
    [one] Sijoittaja, { $names }, sijoittaa { $amount } ennen kuin tuloksista tiedetään mitään.
   *[other] Sijoittajat, { $names }, sijoittavat { $amount } ennen kuin tuloksista tiedetään mitään.
}
explain-who-provider-funded = { $count ->
    [one] Palveluntuottaja, { $names }, toteuttaa ohjelman näillä varoilla.
   *[other] Palveluntuottajat, { $names }, toteuttavat ohjelman näillä varoilla.
}
explain-who-intermediary = { $count ->
    [one] Välittäjäorganisaatio, { $names }, järjestää sopimuksen ja hallinnoi erillisyhtiötä, jossa varat ovat.
   *[other] Välittäjäorganisaatiot, { $names }, järjestävät sopimuksen ja hallinnoivat erillisyhtiötä, jossa varat ovat.
}
explain-who-guarantor = { $count ->
    [one] Takaaja, { $names }, kantaa osan sijoittajien riskistä.
   *[other] Takaajat, { $names }, kantavat osan sijoittajien riskistä.
}
explain-who-evaluator = { $count ->
    [one] Arvioija, { $names }, mittaa ja vahvistaa tulokset.
   *[other] Arvioijat, { $names }, mittaavat ja vahvistavat tulokset.
}

## Sopimuksen jaksot
# explain-when on perusmuoto, -from elatiivi (vuosineljänneksestä 0), -to illatiivi
# (vuosineljännekseen 7) ja -in genetiivi (vuoden 0 aikana).

explain-when = { $unit ->
    [month] kuukausi
    [quarter] vuosineljännes
   *[year] vuosi
} { $n }
explain-when-from = { $unit ->
    [month] kuukaudesta
    [quarter] vuosineljänneksestä
   *[year] vuodesta
} { $n }
explain-when-to = { $unit ->
    [month] kuukauteen
    [quarter] vuosineljännekseen
   *[year] vuoteen
} { $n }
explain-when-in = { $unit ->
    [month] kuukauden
    [quarter] vuosineljänneksen
   *[year] vuoden
} { $n }
explain-dated = { $when } ({ $month } { $year })

## Osallistujat

explain-participants = { $people } { $n } { $count ->
    [one] kohortissa
   *[other] kohortissa
}:
explain-cohort-in = { $people } tulee mukaan { $when } aikana
explain-cohort-between = { $people } tulee mukaan { $from } { $to }
explain-cohort-cost = ; palvelu maksaa noin { $amount } henkilöä kohden

## Mitä mitataan

explain-metric = { $what } ({ $goal }), mitataan { $after } mukaantulon jälkeen, { $design }.

explain-stage = { $what } ({ $goal }), haetaan kunkin henkilön kohdalla tämän saavuttaessa sen { $after }{ $wait }, { $design }.
explain-stage-from-start = mukaantulon jälkeen
explain-stage-after = vaiheen `{ $stages }` jälkeen
explain-stage-wait = , aikaisintaan { $periods } myöhemmin
explain-stage-repeat = , enintään { $times } kertaa henkilöä kohden (jokainen kerta haetaan erikseen, edellisen jälkeen)
explain-stage-or = tai
explain-stage-measured = sen { $after } kuluessa kohortin viimeisestä mukaantulosta saavuttaneiden osuus mitataan, { $design }
explain-what-binary = saavuttaako kukin henkilö tuloksen `{ $unit }`
explain-what-count = { $unit } henkilöä kohden
explain-what-events = tapahtumia henkilöä kohden
explain-what-continuous = kunkin henkilön { $unit }
explain-what-cohort = kohortin { $unit }
explain-goal-more = enemmän on parempi
explain-goal-fewer = vähemmän on parempi

explain-design-none = ei vertailutilannetta (maksetaan saavutetuista tuloksista)
explain-design-historical = verrataan historialliseen lähtötasoon { $baseline }
explain-design-historical-trend = verrataan historialliseen lähtötasoon { $baseline }, jota korjataan koko järjestelmässä samalla jaksolla mitatulla trendillä
explain-design-comparison = verrataan kaltaistettuun vertailuryhmään, jossa on { $size } henkilöä{ $deff }
explain-design-rct = satunnaistettu vertailuryhmä, jossa on { $size } henkilöä{ $deff }, { $pay }
explain-design-effect = (asetelmakerroin { $x })
explain-pay-point = maksu piste-estimaatin mukaan
explain-pay-significant = maksetaan vain, jos vaikutus on tilastollisesti merkitsevä tasolla { $alpha } (yksisuuntainen testi)

explain-note-none = Jokaisesta tuloksesta maksetaan, myös niistä, jotka olisivat syntyneet muutenkin.
explain-note-historical = Jos olosuhteet muuttuvat, kiinteä lähtötaso ei enää kerro, mitä ilman ohjelmaa olisi tapahtunut.
explain-note-historical-trend = Lähtötaso seuraa koko järjestelmän trendiä, joten kaikkia koskevaa muutosta ei lasketa ohjelman vaikutukseksi.
explain-note-comparison = Vertailuryhmä voi erota osallistujista tavoilla, joita kaltaistus ei tavoita.
explain-note-rct = Satunnaistus tekee vertailusta reilun; vain sattuma heikentää sen tarkkuutta.

## Mitä maksetaan, mistä ja milloin

explain-paid-from-to = Maksetaan sitä mukaa kuin vaateita tulee, { $first } – { $last } (jos ajallaan).
explain-paid-in = { $count ->
    [one] Maksuajankohta, jos tulokset valmistuvat ajallaan: { $periods }.
   *[other] Maksuajankohdat, jos tulokset valmistuvat ajallaan: { $periods }.
}

explain-terms-rate-card = tuloshinnasto: { $prices }
explain-terms-per-improvement = { $price } jokaisesta vertailutilannetta paremmasta tuloksesta mittarilla { $metric }
explain-terms-per-effect = { $price } mittarin { $metric } mitatun vaikutuksen { $scale ->
    [relative] prosenttiyksikköä
   *[absolute] yksikköä
} kohden
explain-terms-threshold = kun mittarin { $metric } mitattu vaikutus on vähintään { $threshold }: { $pay }
explain-pay-price = { $amount } parannusyksikköä kohden
explain-terms-tiers = portaat mittarin { $metric } mitatun vaikutuksen mukaan: { $tiers }
explain-tier = >= { $at }: { $pay }
explain-terms-savings = { $share } mittarin { $metric } vältetyistä kustannuksista ({ $value })
explain-terms-savings-switch = { $share } mittarin { $metric } vältetyistä kustannuksista ({ $value }), sen jälkeen { $then }, kun { $tranches } on maksettu takaisin
explain-terms-savings-fees = , joka maksetaan { $count ->
    [one] transsille
   *[other] transseille
} { $tranches } onnistumispalkkiona takaisinmaksun lisäksi
explain-savings-scenario = skenaarion vältetty kustannus
explain-savings-value = { $amount } tulosta kohden
explain-scope-cohort = kohorttikohtainen
explain-scope-pooled = kohortit yhdistettynä
explain-scope-pooled-at = kohortit yhdistettynä jaksolla { $period }
explain-paid-by = { $count ->
    [one] maksaja { $payers }
   *[other] maksajat { $payers }
}
explain-payment-lag = { $lag } vahvistamisen jälkeen
explain-unless-paid = paitsi kohorteista, joista on jo maksettu säännön { $rules } perusteella
explain-termination-on-result = { $must ->
    [must] { $count ->
        [one] { $payer } irtisanoo sopimuksen, jos { $when } aikana tehtävä väliarviointi mittaa mittarin { $metric } vaikutukseksi alle { $below } (kohortit { $cohorts }).
       *[other] { $payer } irtisanovat sopimuksen, jos { $when } aikana tehtävä väliarviointi mittaa mittarin { $metric } vaikutukseksi alle { $below } (kohortit { $cohorts }).
    }
   *[may] { $count ->
        [one] { $payer } voi irtisanoa sopimuksen, jos { $when } aikana tehtävä väliarviointi mittaa mittarin { $metric } vaikutukseksi alle { $below } (kohortit { $cohorts }).
       *[other] { $payer } voivat irtisanoa sopimuksen, jos { $when } aikana tehtävä väliarviointi mittaa mittarin { $metric } vaikutukseksi alle { $below } (kohortit { $cohorts }).
    }
}
explain-termination-then = Jos sopimus irtisanotaan, { $compensation }; { $enrolled }
explain-termination-compensation-none = sijoittajat eivät saa korvausta
explain-termination-compensation-fixed = { $payer } maksaa { $amount } korvauksena
explain-termination-compensation-principal = { $payer } maksaa { $share } sijoittajien takaisin saamatta olevasta pääomasta
explain-termination-enrolled-paid = jo mukana olevien tulokset mitataan ja maksetaan silti.
explain-termination-enrolled-stop = tuloksista ei makseta enää mitään.
explain-rule-cap = katto { $amount }
explain-rule-cap-cohort = kohorttikohtainen katto { $amount }
explain-rule-last-claim = vaateet jaksoon { $period } asti
explain-rule-cap-participant = osallistujakohtainen katto { $amount }

## Kuinka paljon enintään

explain-cap-deal = Maksajien maksut ovat yhteensä enintään { $amount }.
explain-cap-year = Yhdelle budjettivuodelle osuu enintään { $amount }.
explain-cap-payer = { $payer } maksaa yhteensä enintään { $amount }.
explain-cap-payer-year = { $payer } maksaa enintään { $amount } vuodessa.
explain-cap-metric = Mittarin { $metric } maksut päättyvät, kun { $amount } on maksettu.
explain-tranche = { $kind ->
    [senior_loan] Transsi { $id }: etuoikeutettu laina { $amount }, sijoittaja { $investor }
    [junior_loan] Transsi { $id }: toissijainen laina { $amount }, sijoittaja { $investor }
    [recoverable_grant] Transsi { $id }: takaisinmaksettava avustus { $amount }, myöntäjä { $investor }
    [deferred_fees] Transsi { $id }: lykätyt palkkiot { $amount }, palkkioiden saaja { $investor }
   *[equity] Transsi { $id }: oma pääoma { $amount }, sijoittaja { $investor }
}
explain-tranche-coupon = , kuponkikorko { $rate } vuodessa
explain-tranche-irr-cap = , tuoton katto { $rate } vuodessa
explain-tranche-multiple-cap = , tuoton katto { $multiple } kertaa sijoitettu pääoma
explain-excess-payer = Sijoittajien tuoton katot ylittävä raha jää maksajille.
explain-excess-provider = Sijoittajien tuoton katot ylittävä raha menee palveluntuottajalle bonuksena.
explain-excess-shared = Sijoittajien tuoton katot ylittävästä rahasta palveluntuottaja saa { $share } ja loput jäävät maksajille.
explain-no-caps = Ei kattoja: maksut kasvavat tulosten mukana.
explain-indexation-prices = Hinnat nousevat inflaation mukana; katot pysyvät nimellisesti ennallaan.
explain-indexation-caps = Hinnat ja katot nousevat inflaation mukana.
explain-budget = { $payer } on budjetoinut { $budget } (budjetti, ei katto: maksut voivat ylittää sen).
explain-budget-flat = { $amount } budjettivuodessa
explain-budget-years = { $count ->
    [one] { $amount } budjettivuonna { $years }
   *[other] { $amount } vuodessa budjettivuosina { $years }
}
explain-year-range = { $from }–{ $to }
explain-year-label = { $n }
explain-budget-span = { $years }: { $amount }

## Laskuesimerkki

explain-example-assumptions = Jokainen oletus keskiarvossaan, jokainen lukumäärä odotusarvossaan, ei ennenaikaista irtisanomista.
explain-example-assumptions-evaluated = Jokainen oletus keskiarvossaan, jokainen lukumäärä odotusarvossaan, ei ennenaikaista irtisanomista lukuun ottamatta sitä, jonka väliarviointi voi tuoda.
explain-example-joined = mukaan tulee { $enrolled } (tavoite { $people }).
explain-example-joined-late = mukaan tulee { $enrolled } (tavoite { $people }), viive { $delay }.
explain-example-binary = ilman ohjelmaa tuloksen `{ $unit }` saavuttaa { $without } henkilöistä, ohjelman kanssa { $with } (todellinen vaikutus { $effect }); mittauksen vertailukohta { $measured }.
explain-example-hazard = Sen saavuttaa kukin edellisessä vaiheessa oleva todennäköisyydellä { $without } jaksoa kohden ilman ohjelmaa ja { $with } ohjelman kanssa; joka ei ole saavuttanut sitä sopimuksen päättyessä, ei saavuta sitä lainkaan.
explain-example-cohort = ilman ohjelmaa kohortin { $unit } on { $without }, ohjelman kanssa { $with } (todellinen vaikutus { $effect }); mittauksen vertailukohta { $measured }.
explain-example-per-person = ilman ohjelmaa { $without } { $unit } henkilöä kohden, ohjelman kanssa { $with } (todellinen vaikutus { $effect }); mittauksen vertailukohta { $measured }.
explain-example-per-person-plain = ilman ohjelmaa { $without } henkilöä kohden, ohjelman kanssa { $with } (todellinen vaikutus { $effect }); mittauksen vertailukohta { $measured }.
explain-example-payments = Maksut
explain-example-no-payments = ei maksuja: mikään sääntö ei täyty odotetulla vaikutuksella.
explain-example-late = sääntö { $rule } maksaisi { $amount } ennen kattoja, mutta vasta sopimuksen viimeisen { $unit ->
    [month] kuukauden
    [quarter] vuosineljänneksen
   *[year] vuoden
} jälkeen: summaa ei makseta.
explain-example-payment = { $payer } maksaa { $amount } säännön { $rule } perusteella
explain-example-payment-termination = { $payer } maksaa { $amount } irtisanomiskorvauksena
explain-example-cut = (katon vuoksi pienennetty summasta { $gross })
explain-example-rule-unpaid = Sääntö { $rule } ei maksa tässä tapauksessa mitään.
explain-example-cap-binds = Katto { $cap } rajoittaa maksua.
explain-example-ended = Väliarviointi { $when } aikana mittaa mittarin { $metric } vaikutukseksi { $effect }, alle { $below }: sopimus päättyy siihen, eikä kukaan tule mukaan sen jälkeen.

## Mihin raha menee

explain-money-heading = Mihin raha menee
explain-money-payer = { $payer } maksaa { $amount } (nykyarvo { $value } diskonttokorolla { $rate } vuodessa).
explain-money-payer-real = { $payer } maksaa { $amount } (nykyarvo { $value } diskonttokorolla { $rate } vuodessa, jakson 0 rahassa).
explain-money-tranche = { $tranche } ({ $investor }) sijoittaa { $drawn } ja saa takaisin { $received }: { $result }.
explain-money-tranche-multiple = { $tranche } ({ $investor }) sijoittaa { $drawn } ja saa takaisin { $received }, pääoman kerroin { $multiple }: { $result }.
explain-irr-rate = sisäinen korkokanta { $rate } vuodessa
explain-irr-total-loss = koko sijoitus menetetään
explain-irr-none = ei mielekästä sisäistä korkokantaa
explain-money-guarantee = { $guarantor } maksaa takauksensa perusteella { $amount }.
explain-money-receives = { $party } saa { $amount }.
explain-money-unfunded = Palveluntuottaja kattaa { $amount } kustannuksista omista varoistaan.
explain-money-refunded = Sijoittajien saatavat ylittävä osa, { $amount }, palautetaan maksajille.

## Jos mikään ei toimi

explain-nothing-same-case = Sama odotettu tapaus, mutta ohjelmalla ei ole mitään vaikutusta.
explain-nothing-still-pays = Maksajat joutuvat silti maksamaan { $amount }: tuloksista, jotka olisivat syntyneet muutenkin (hukkavaikutus), tai mittauskohinasta.
explain-nothing-direct = Palveluntuottaja kantaa ohjelman kustannukset ja saa vain sen, minkä tuloshinnastot maksavat saavutetuista tuloksista.
explain-nothing-investors = Ilman mitattuja parannuksia maksajat eivät maksa mitään; sijoittajat voivat menettää sijoittamansa { $amount }.
explain-nothing-first-loss = { $guarantor } kattaa transsin { $tranche } tappioista ensimmäiset { $amount }.
explain-nothing-capital-protection = { $guarantor } kattaa { $share } transsin { $tranche } pääomasta.
