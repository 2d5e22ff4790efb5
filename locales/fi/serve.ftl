# $url: sivun osoite.
serve-listening = Työpajasivu on osoitteessa { $url }
serve-local-only = Kuuntelee vain tällä koneella (127.0.0.1); anna --host 0.0.0.0 avataksesi sen lähiverkon huoneelle.
# $host: kuunneltava osoite.
serve-local-only-host = Kuuntelee vain tällä koneella ({ $host }).
serve-room-url = Lähiverkon osallistujat avaavat osoitteen { $url }
serve-network = Kuuntelee osoitteessa { $host } kuten --host pyysi: kuka tahansa verkossa voi avata sivun; pysäytä palvelin (Ctrl-C) työpajan jälkeen.
# $count: sopimusten määrä; $deals: niiden tunnisteet.
serve-deals = { $count ->
    [one] Yksi sopimus kirjastossa: { $deals }
   *[other] { $count } sopimusta kirjastossa: { $deals }
}
# $what: sopimus ja syy sen pois jättämiseen.
serve-skipped = jätetty pois kirjastosta: { $what }

# Työpajasivu (jokainen `page-`-viesti lähetetään sivulle).
page-title = sibyl: työpajasivu
page-subtitle = Valitse sopimus, siirrä sen oletuksia ja katso, miten se reagoi.
page-language = Kieli
page-deal = Sopimus
page-scenario = Skenaario
page-sources = Lähteet
page-assumptions = Oletukset
page-sliders-note = Jokainen liukusäädin siirtää yhden oletuksen keskiarvoa; epävarmuus sen ympärillä pysyy skenaarion mukaisena.
page-reset = Palauta
page-trials = Simulointikierrokset
page-results = Tulokset
page-running = Simuloidaan…
page-busy = Palvelin on varattu; yritetään uudelleen…
page-error = Jokin meni vikaan:
page-loss = Sijoittajien tappion todennäköisyys
page-moic = Pääoman kerroin keskimäärin
page-irr = Vuotuisen tuoton mediaani (sisäinen korkokanta)
page-paid = Tuloksista maksettu keskimäärin
page-se = keskivirhe
page-mc-note = Jokainen luku on Monte Carlo -estimaatti; ± kertoo sen keskivirheen. Jokainen liukusäätimen asento käyttää samoja satunnaislukuja, joten näkemäsi muutos johtuu sopimuksesta eikä sattumasta.
page-role-effect = Todellinen vaikutus
page-role-baseline = Ilman ohjelmaa
page-role-referrals = Ohjatut osallistujat
page-role-dropout = Keskeyttäminen
page-role-measurement = Mittaus
page-role-other = Muu
page-quiz = Tietovisa: arvaa tappion todennäköisyys ennen kuin näet sen
page-quiz-guess = Arvauksesi (%)
page-quiz-reveal = Näytä
page-quiz-you = Arvauksesi
page-quiz-sim = Simulointi
page-explain = Sopimus selkokielellä
page-compare = Kaksi mallia rinnakkain
page-compare-note = Molemmat mallit ajetaan samoilla satunnaisluvuilla ja oletuksilla, joten ero johtuu mallista.
page-compare-with = Vertaa malliin
page-compare-run = Vertaa
page-compare-difference = Ero
page-history = Mitä todella tapahtui
page-history-none = Tästä sopimuksesta ei ole tietoja sen todellisista tuloksista.
page-history-show = Toista todelliset tulokset
page-paste = Oma sopimus
page-paste-contract = Sopimus (TOML)
page-paste-scenario = Skenaario (TOML)
page-paste-check = Tarkista
page-paste-run = Simuloi tämä sopimus
page-paste-ok = Ei virheitä: tiedostot ovat kelvollisia.
page-paste-errors = Tiedostoissa on virheitä; rivit on merkitty alle.
workshop-axis-pays = Osuus simulointikierroksista, joilla sääntö maksaa
workshop-axis-period = Jakso
workshop-settle-paid = Tulosmaksut jaksoittain
workshop-settle-drawn = Sijoitettu (nostettu)
workshop-settle-received = Takaisin (saatu)
workshop-axis-cash = Kassavirta ({ $currency })
page-busy-later = Palvelin on varattu; yritä hetken kuluttua uudelleen.
page-trials-kept = (samat jokaisessa liukusäätimen asennossa tässä sopimuksessa, joten näkemäsi muutos johtuu sopimuksesta)
page-trials-choosing = (valitaan, kuinka monta tämä kone ajaa nopeasti)
page-compare-difference-ba = Ero (B − A)
page-history-caveats = Varaumat
page-slider-group-size = Henkilöt vertailu- tai verrokkiryhmässä, johon tätä mittaria verrataan: pienempi ryhmä mittaa kohinaisemmin, joten sattuma ratkaisee useammin, maksaako kynnysehto.
page-timeout = Simulointi kesti liian kauan; sivu yrittää vähemmillä simulointikierroksilla.
page-explain-expected = Skenaarion odotettu tapaus ennen kuin yhtään liukusäädintä on siirretty.
page-median = mediaani
page-tranche = Transsi
page-quiz-hidden = Tulokset ovat piilossa, kunnes paljastat ne: kirjoita arvauksesi ja paina Näytä.
