sweep-title = { $points } pisteen läpikäynti, kussakin { $trials } simulointikierrosta, siemenluku { $seed }, yhteiset satunnaisluvut
sweep-header-point = piste
sweep-header-contract = sopimus
sweep-header-scenario = skenaario
sweep-note-figures = Keskiarvot, ja P(...) todennäköisyydet; jokaisen suureen kaikki tunnusluvut ovat tiedostossa points.csv (--out) ja muodossa --format json.
sweep-search-title = Parhaan rakenteen haku
sweep-search-feasible = { $points } pisteestä { $feasible } täyttää kaikki ehdot.
sweep-search-none = Mikään piste ei täytä kaikkia ehtoja.
sweep-search-best = Paras: piste { $point } ({ $settings }): { $objective } = { $value } ± { $se }
sweep-search-uncertain = Paras piste täyttää ehdon alle kahden keskivirheen marginaalilla: useammat simulointikierrokset voivat osoittaa, ettei se täytä sitä.
sweep-search-runner-up = Toiseksi paras: piste { $point } ({ $settings }): { $value } ± { $se }
sweep-search-within-noise = Toiseksi paras on kahden keskivirheen sisällä parhaasta: nämä simulointikierrokset eivät ratkaise, kumpi on parempi.
sweep-search-marginal = ± on pisteen oma keskivirhe; yhteisillä satunnaisluvuilla pisteiden ero tunnetaan tarkemmin.
sweep-pareto-title = Pareto-rintama suureille { $first } ja { $second } (mikään muu piste ei ole parempi molemmissa):
sweep-written = läpikäynti kirjoitettiin kansioon { $dir } ({ $files })
sweep-resumed = jatkettiin: { $total } pisteestä { $done } oli jo kansiossa { $dir } eikä niitä laskettu uudelleen
sweep-progress = { $done }/{ $total } pistettä [{ $elapsed }] { $bar } jäljellä { $eta }
