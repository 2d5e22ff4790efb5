# $url: sidans adress.
serve-listening = Workshopsidan finns på { $url }
serve-local-only = Lyssnar bara på den här datorn (127.0.0.1); ange --host 0.0.0.0 för att öppna den för ett rum i det lokala nätverket.
# $host: adressen som lyssnas på.
serve-local-only-host = Lyssnar bara på den här datorn ({ $host }).
serve-room-url = Deltagare i det lokala nätverket öppnar { $url }
serve-network = Lyssnar på { $host } som --host bad om: alla i nätverket kan öppna sidan; stoppa servern (Ctrl-C) efter workshopen.
# $count: antalet avtal; $deals: deras id.
serve-deals = { $count ->
    [one] Ett avtal i biblioteket: { $deals }
   *[other] { $count } avtal i biblioteket: { $deals }
}
# $what: avtalet och varför det utelämnades.
serve-skipped = utelämnat ur biblioteket: { $what }

# Workshopsidan (varje `page-`-meddelande skickas till sidan).
page-title = sibyl: workshopsidan
page-subtitle = Välj ett avtal, flytta dess antaganden och se hur det svarar.
page-language = Språk
page-deal = Avtal
page-scenario = Scenario
page-sources = Källor
page-assumptions = Antaganden
page-sliders-note = Varje reglage flyttar medelvärdet för ett antagande; osäkerheten kring det förblir som scenariot anger.
page-reset = Återställ
page-trials = Simuleringar
page-results = Resultat
page-running = Simulerar…
page-busy = Servern är upptagen; försöker igen…
page-error = Något gick fel:
page-loss = Sannolikhet för förlust för investerarna
page-moic = Genomsnittlig multipel på investerat kapital
page-irr = Median för årlig avkastning (internränta)
page-paid = Genomsnittligt betalt för utfall
page-se = standardfel
page-mc-note = Varje siffra är en Monte Carlo-skattning; ± anger dess standardfel. Varje reglageläge använder samma slumptal, så en förändring du ser kommer från avtalet, inte från slumpen.
page-role-effect = Verklig effekt
page-role-baseline = Utan programmet
page-role-referrals = Hänvisade deltagare
page-role-dropout = Avhopp
page-role-measurement = Mätning
page-role-other = Övrigt
page-quiz = Frågesport: gissa sannolikheten för förlust innan du ser den
page-quiz-guess = Din gissning (%)
page-quiz-reveal = Visa
page-quiz-you = Din gissning
page-quiz-sim = Simuleringen
page-explain = Avtalet med enkla ord
page-compare = Två utformningar sida vid sida
page-compare-note = Båda utformningarna körs med samma slumptal och samma antaganden, så skillnaden beror på utformningen.
page-compare-with = Jämför med
page-compare-run = Jämför
page-compare-difference = Skillnad
page-history = Vad som faktiskt hände
page-history-none = Det här avtalet har inga uppgifter om sina verkliga resultat.
page-history-show = Spela upp de verkliga resultaten
page-paste = Ditt eget avtal
page-paste-contract = Avtal (TOML)
page-paste-scenario = Scenario (TOML)
page-paste-check = Kontrollera
page-paste-run = Simulera det här avtalet
page-paste-ok = Inga fel: filerna är giltiga.
page-paste-errors = Filerna innehåller fel; raderna är markerade nedan.
workshop-axis-pays = Andel av försöken där regeln betalar
workshop-axis-period = Period
workshop-settle-paid = Utfallsbetalningar, period för period
workshop-settle-drawn = Pengar in (dragna)
workshop-settle-received = Pengar tillbaka (mottagna)
workshop-axis-cash = Kassaflöde ({ $currency })
page-busy-later = Servern är upptagen; försök igen om en stund.
page-trials-kept = (samma vid varje reglageläge för det här avtalet, så en förändring du ser beror på avtalet)
page-trials-choosing = (väljer hur många den här datorn hinner med snabbt)
page-compare-difference-ba = Skillnad (B − A)
page-history-caveats = Förbehåll
page-slider-group-size = Personer i jämförelse- eller kontrollgruppen som detta mått mäts mot: en mindre grupp mäter med mer brus, så slumpen avgör oftare om en utlösande tröskel betalar.
page-timeout = Simuleringen tog för lång tid; sidan försöker med färre simuleringar.
page-explain-expected = Scenariots förväntade fall, innan något reglage har flyttats.
page-median = median
page-tranche = Tranch
page-quiz-hidden = Resultaten är dolda tills du visar dem: skriv din gissning och tryck på Visa.
