# run: komennon `sibyl run` taulukko ja sen ilmoitukset virhetulosteessa. Muuttujien
# kuvaukset ovat tiedostossa locales/en/run.ftl.

run-title = { $deal }: skenaario ”{ $scenario }”
run-title-stress = { $deal }: skenaario ”{ $scenario }”, stressitesti { $preset }
run-trials = { $trials }, satunnaislukusiemen { $seed }; rahamäärät valuutassa { $currency }{ $terms ->
    [real] { " " }reaalisesti (jakson 0 rahassa)
   *[nominal] {""}
}

run-column-mean = keskiarvo
run-column-se = (se)

run-section-investors = Sijoittajat
run-section-payers = Tulosten maksajat
run-section-providers = Palveluntuottajat
run-section-deal = Sopimus
run-section-outcomes = Tulokset (kaikki kohortit)
run-section-rules = Maksusäännöt: kuinka usein kukin maksaa
run-section-caps = Katot: kuinka usein kukin rajoittaa
run-section-warnings = Varoitukset

run-tranche-loss = { $id }: P(tappio)
run-tranche-moic = { $id }: pääoman kerroin (MOIC)
run-tranche-irr = { $id }: vuotuinen sisäinen korkokanta, mediaani (p50) ja vaihteluväli
run-tranche-pooled-irr = { $id }: keskimääräisten kassavirtojen sisäinen korkokanta (yhdistetty)
run-tranche-mirr = { $id }: vuotuinen muunnettu sisäinen korkokanta, mediaani ja vaihteluväli
run-tranche-amount-lost = { $id }: menetetty määrä
run-tranche-guarantee-drawn = { $id }: käytetty takaus

run-payer-paid = { $id }: maksettu
run-payer-npv = { $id }: nettonykyarvo { $rate }:n korolla
run-payer-paid-year = { $id }: maksettu budjettivuonna { $year }
run-payer-largest-year = { $id }: maksettu kalleimpana budjettivuonna
run-payer-budget-excess = { $id }: budjetin ylitys
run-payer-over-budget = { $id }: P(jokin vuosi yli budjetin)
run-payer-over-budget-year = { $id }: P(yli budjetin vuonna { $year })
run-payer-cost-per-true-outcome = { $id }: kustannus todellista tulosta kohden ({ $metric })
run-payer-measurement-error = { $id }: mittausvirheestä maksettu
run-payer-noise = { $id }: maksettu, vaikka todellista vaikutusta ei ollut
run-payer-deadweight = { $id }: hukkavaikutuksesta maksettu
run-payer-net-value = { $id }: nettoarvo (diskontattu)
run-payer-premium = { $id }: lisähinta palvelun suoraan ostamiseen verrattuna

run-provider-revenue = { $id }: tulot
run-provider-cost = { $id }: kustannukset
run-provider-unfunded-cost = { $id }: rahoittamattomat kustannukset
run-provider-margin = { $id }: kate
run-provider-loss = { $id }: P(tappio)

run-deal-paid = kaikki maksajat: maksettu
run-deal-premium = kaikki maksajat: lisähinta palvelun suoraan ostamiseen verrattuna
run-deal-any-payment = P(vähintään yksi maksu)
run-intermediary-fees = { $id }: palkkiot

run-outcome-achieved = { $id }: { $kind ->
    [binary] { $direction ->
        [increase] tavoitteen saavuttaneet henkilöt
       *[reduce] tapahtuman välttäneet henkilöt
    }
    [count] tapahtumat interventioryhmässä
    [continuous] interventioryhmän pisteet
   *[cohort] kohorttien luvut yhteensä
}
run-outcome-improved = { $id }: todellinen parannus
run-outcome-measured = { $id }: mitattu parannus
run-outcome-paid = { $id }: niistä maksettu

run-estimates-note =
    Keskimääräisten kassavirtojen sisäinen korkokanta ja kustannukset todellista tulosta kohden
    (odotettu maksettu summa jaettuna todellisten parannusten odotetulla määrällä, kullekin
    mittarille sen omassa yksikössä) koskevat koko simulointia: niiden arvo ja keskivirhe ovat
    sarakkeissa keskiarvo ja (se).

run-written = simulointiajo kirjoitettiin kansioon { $dir } ({ $files })
run-replaced-incomplete = se korvasi kansiossa { $dir } olleen keskeneräisen simulointiajon

run-progress = { $done }/{ $total } simulointikierrosta [{ $elapsed }] { $bar } jäljellä { $eta }

# run --split-uncertainty (src/report/split_table.rs). Row labels are the run-* ones above.
split-draws = { $outer } parametriarvontaa, kussakin { $inner } simulointikierrosta; satunnaislukusiemen { $seed }; rahamäärät valuutassa { $currency }{ $terms ->
    [real] { " " }reaalisina (jakson 0 rahassa)
   *[nominal] {""}
}
split-parameters = Parametrit (tuntemattomat tosiasiat maailmasta, arvotaan kerran parametriarvontaa kohti): { $list }
split-parameters-none = Parametrit: ei arvottavia (jokainen oletus on kiinteä tai sattumaa)
split-chance = Sattuma (arvotaan joka kierroksella): { $list } sekä ketkä ohjataan, keskeyttävät ja saavuttavat tuloksen, ja mittaus
split-chance-none = Sattuma (arvotaan joka kierroksella): ketkä ohjataan, keskeyttävät ja saavuttavat tuloksen, ja mittaus
split-column-parameters = parametrit
split-column-chance = sattuma
split-column-inner-se = sisäinen keskivirhe
split-note =
    parametrit, sattuma: osuudet luvun varianssista yhdellä kierroksella, jotka tulevat
    parametreista ja sattumasta, sekä parametrien osuuden keskivirhe (jackknife arvontojen yli).
    p05, p50, p95: luvun keskiarvo yhden parametriarvonnan sisällä (todennäköisyydelle
    todennäköisyys) parametriarvontojen yli. Koko ajon luvuilla (keskimääräisten kassavirtojen
    sisäinen korkokanta, kustannus todellista tulosta kohti) ei ole jakoa: vain keskiarvo ja hajonta.
split-note-clamped = * arvonnat erosivat vähemmän kuin sattuma yksin selittää: parametrien osuudeksi asetetaan 0.
split-note-inner =
    sisäinen keskivirhe: kunkin arvonnan oma Monte Carlo -simuloinnin virhe luvussa (neliöllinen
    keskiarvo arvontojen yli); hajonta p05–p95 sisältää sen, joten kasvata --inner-arvoa
    kaventaaksesi sitä (JSON: parameter_sd on ilman sitä).
split-note-no-parameters = Ulommassa silmukassa ei arvota yhtään oletusta (kaikki ovat kiinteitä tai sattumaa): parametrien osuus on 0 rakenteen vuoksi, ja arvonnat eroavat vain sattuman vuoksi.
