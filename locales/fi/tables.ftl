# tables
# Komentojen `sibyl compare`, `sibyl stress`, `sibyl sensitivity` ja `sibyl breakeven`
# taulukot. Luvut, rahamäärät, prosentit ja kertoimet tulevat valmiiksi muotoiltuina;
# tunnuslukujen, oletusten ja transsien nimet ovat tunnisteita ja pysyvät sellaisinaan.
# Muuttujien kuvaukset ovat tiedostossa locales/en/tables.ftl.

## Yhteiset kaikille neljälle taulukolle

tables-terms-real = reaalisesti (jakson 0 rahassa)
tables-stress-preset = , stressivaihtoehto { $preset }
tables-na = puuttuu

## sibyl compare

compare-title = { $designs } skenaariossa ”{ $scenario }”{ $stress }
compare-subtitle = { $trials }, satunnaislukusiemen { $seed }, yhteiset satunnaisluvut; rahamäärät valuuttana { $currency }{ $terms }; kunkin vaihtoehdon luvut ovat samat kuin komennon `sibyl run` antamat
compare-header-mean = keskiarvo (P: todennäköisyys)
compare-header-difference = [{ $design }]-[1] (se)
compare-row-median = { $metric } (mediaani)
compare-note-differences = Erot ovat parittaisia keskiarvoja niiltä simulointikierroksilta, joilla tunnusluku on määritelty kummallekin vaihtoehdolle (sisäinen korkokanta voi olla joillakin kierroksilla määrittelemätön; `n` JSONissa). Koko ajon estimaatit (`pooled_irr`: keskimääräisten kassavirtojen sisäinen korkokanta; `cost_per_true_outcome`: kustannus todellista tulosta kohden eli odotettu maksettu määrä / odotettu todella parantuneiden tulosten määrä) esitetään arvoina ja niiden erot parittaisin delta-menetelmän keskivirhein.
compare-note-paired = Parittaiset erot: keskivirheet ovat mediaaniltaan { $times } kertaa pienempiä kuin toisistaan riippumattomilla ajoilla (`unpaired_se` JSONissa).
compare-warnings = Vaihtoehdon [{ $design }] varoitukset

## sibyl stress

stress-title = { $deal } skenaariossa ”{ $scenario }”, stressitesti
stress-subtitle = { $trials } tapausta kohden, satunnaislukusiemen { $seed }, yhteiset satunnaisluvut; rahamäärät valuuttana { $currency }{ $terms } (keskiarvoja, ellei toisin merkitty; IRR on sisäinen korkokanta, ja yhdistetty IRR on keskimääräisten kassavirtojen sisäinen korkokanta)
stress-header-case = tapaus
stress-case-base = perustapaus
stress-column-loss = { $tranche } P(tappio)
stress-column-moic = { $tranche } pääoman kerroin
stress-column-irr-median = { $tranche } IRR p50
stress-column-pooled-irr = { $tranche } yhdistetty IRR
stress-column-irr = { $tranche } IRR
stress-column-paid = { $payer } maksettu
stress-column-any-payment = P(jokin maksu)
stress-changes-title = Muutos perustapaukseen verrattuna (parittaisen eron keskivirhe)
stress-measured-title = Entä jos jokaisen mittarin mitattu vaikutus olisi tasan X (muuten odotettu kehitys, tilitetty kerran, ilman kohinaa)
stress-header-measured = mitattu vaikutus
stress-cases = Tapaukset
stress-about-base = skenaario sellaisenaan
stress-about-preset = skenaarion stressivaihtoehto
stress-about-effect-halved = todellinen vaikutus jokaiseen mittariin on puolet skenaarion vaikutuksesta
stress-about-referrals-minus-30 = 30 % vähemmän ohjauksia jokaiseen kohorttiin
stress-about-delay = jokainen kohortti alkaa kuusi kuukautta myöhässä ({ $periods })
stress-about-delay-unpaid-one = jokainen kohortti alkaa kuusi kuukautta myöhässä ({ $periods }); kohortin { $cohort } tulokset tulevat silloin vasta sopimuksen päätyttyä eikä niitä makseta koskaan
stress-about-delay-unpaid = jokainen kohortti alkaa kuusi kuukautta myöhässä ({ $periods }); kohorttien { $cohorts } tulokset tulevat silloin vasta sopimuksen päätyttyä eikä niitä makseta koskaan
stress-about-delay-rounded-up = { $periods }, pyöristettynä ylöspäin
stress-about-terminated-year-2 = maksaja irtisanoo sopimuksen toisen vuoden lopussa (jakso { $period } on viimeinen)
stress-about-terminated-after-year-2 = maksaja irtisanoo sopimuksen heti, kun sopimus sen toisen vuoden jälkeen sallii (jakso { $period } on viimeinen)

## sibyl sensitivity

sensitivity-statistic-probability = todennäköisyys
sensitivity-statistic-estimate = koko ajon estimaatti ja sen delta-menetelmän keskivirhe
sensitivity-statistic-mean = keskiarvo niiltä simulointikierroksilta, joilla se on määritelty
sensitivity-title = Tunnusluvun { $metric } herkkyys ({ $statistic }): { $deal }, skenaario ”{ $scenario }”{ $stress }
sensitivity-subtitle = { $trials } tapausta kohden, satunnaislukusiemen { $seed }; rahamäärät valuuttana { $currency }{ $terms }; kun kaikki oletukset ovat mediaaneissaan: { $value } ({ $se })
sensitivity-tornado-title = Tornadokaavio: kukin oletus p10:stä p90:een, muut oletukset mediaaneissaan
sensitivity-header-assumption = oletus
sensitivity-header-at-p10 = p10-arvolla
sensitivity-header-at-p90 = p90-arvolla
sensitivity-header-swing = muutos (se)
sensitivity-header-rho = ρ
sensitivity-rank-title = Spearmanin järjestyskorrelaatiot tunnusluvun { $metric } kanssa (skenaario sellaisenaan, sen simulointikierroksista laskettuna)
sensitivity-rank-none = Järjestyskorrelaatioita ei ole, koska { $metric } on koko ajon tunnusluku, jolla ei ole arvoa kullakin simulointikierroksella
sensitivity-undefined = { $metric } on määrittelemätön { $undefined } simulointikierroksella { $trials } { $count ->
    [one] kierroksesta
   *[other] kierroksesta
}; tunnusluvut kattavat muut kierrokset.

## sibyl breakeven

breakeven-title = Oletuksen { $assumption } kannattavuusraja, jolla P({ $target }) = { $probability }: { $deal }, skenaario ”{ $scenario }”
breakeven-subtitle = { $trials } estimaattia kohden, satunnaislukusiemen { $seed }, yhteiset satunnaisluvut; { $assumption } kiinnitetään kuhunkin arvoon, ja sen kanssa korreloivat oletukset arvotaan ehdollisina sille
breakeven-band = { $level }:n Monte Carlo -väli: { $low } – { $high } (arvot, joilla estimoitu todennäköisyys on enintään 1,96 keskivirheen päässä arvosta { $probability })
breakeven-higher-likelier = oletuksen { $assumption } suurempi arvo tekee tavoitteesta todennäköisemmän välillä { $low } – { $high }
breakeven-lower-likelier = oletuksen { $assumption } pienempi arvo tekee tavoitteesta todennäköisemmän välillä { $low } – { $high }
breakeven-crosses-again = huom.: todennäköisyys ohittaa arvon { $probability } uudelleen lähellä arvoja { $values }: se ei muutu yhteen suuntaan oletuksen { $assumption } mukana
breakeven-no-influence = ei rajaa: { $assumption } ei vaikuta tavoitteeseen (samat estimaatit koko välillä { $low } – { $high })
breakeven-not-identified = ei tunnistettavissa: todennäköisyys pysyy Monte Carlo -kohinan sisällä arvosta { $probability }, kun { $assumption } on välillä { $low } – { $high }; useammat simulointikierrokset voivat ratkaista sen
breakeven-undefined = määrittelemätön, kun { $assumption } on välillä { $low } – { $high }
breakeven-always-above = ei saavuteta: todennäköisyys pysyy yli arvon { $probability }, kun { $assumption } on välillä { $low } – { $high }
breakeven-always-below = ei saavuteta: todennäköisyys pysyy alle arvon { $probability }, kun { $assumption } on välillä { $low } – { $high }
breakeven-undefined-share = huom.: { $metric } on joillakin arvoilla määrittelemätön enintään { $share }:ssa simulointikierroksista; nämä kierrokset lasketaan tavoitteeseen yltämättömiksi
breakeven-as-written = skenaariossa sellaisenaan (oletuksen { $assumption } mediaani { $median }): P = { $probability } ({ $se })
breakeven-by-value = Tavoitteen todennäköisyys arvoittain

## sibyl breakeven koko ajon estimaatille

breakeven-estimate-title = Oletuksen { $assumption } kannattavuusraja ehdolle { $target } (koko ajon estimaatti): { $deal }, skenaario ”{ $scenario }”
breakeven-estimate-band = { $level }:n Monte Carlo -väli: { $low } – { $high } (arvot, joilla estimaatti on enintään 1,96 keskivirheen päässä arvosta { $threshold })
breakeven-estimate-higher-raises = oletuksen { $assumption } suurempi arvo nostaa tunnuslukua { $metric } välillä { $low } – { $high }
breakeven-estimate-lower-raises = oletuksen { $assumption } pienempi arvo nostaa tunnuslukua { $metric } välillä { $low } – { $high }
breakeven-estimate-crosses-again = huom.: { $metric } ohittaa arvon { $threshold } uudelleen lähellä arvoja { $values }: se ei muutu yhteen suuntaan oletuksen { $assumption } mukana
breakeven-estimate-no-influence = ei rajaa: { $assumption } ei vaikuta tunnuslukuun { $metric } välillä { $low } – { $high }
breakeven-estimate-not-identified = ei tunnistettavissa: { $metric } pysyy Monte Carlo -kohinan sisällä arvosta { $threshold }, kun { $assumption } on välillä { $low } – { $high }; useammat simulointikierrokset voivat ratkaista sen
breakeven-estimate-undefined = määrittelemätön: tunnusluvulla { $metric } ei ole arvoa millään oletuksen { $assumption } arvolla välillä { $low } – { $high } (kustannukselle todellista tulosta kohden: mikään tulos ei todella parane)
breakeven-estimate-always-above = ei saavuteta: { $metric } pysyy yli arvon { $threshold }, kun { $assumption } on välillä { $low } – { $high }
breakeven-estimate-always-below = ei saavuteta: { $metric } pysyy alle arvon { $threshold }, kun { $assumption } on välillä { $low } – { $high }
breakeven-estimate-as-written = skenaariossa sellaisenaan (oletuksen { $assumption } mediaani { $median }): { $value } ({ $se })
breakeven-estimate-by-value = { $metric } arvoittain
breakeven-header-estimate = estimaatti
