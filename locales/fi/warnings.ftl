# Mihin tuloksessa ei pidä luottaa. Jokainen viesti kertoo, mitä se tarkoittaa ja mitä
# tehdä; sen tunniste on `warning-` ja varoituksen koodi.

warning-precision-not-reached = tunnusluvun { $names } keskivirhe on yhä pyydettyä tarkkuutta { $target } suurempi enimmäismäärän { $max } simulointikierroksen jälkeen; nosta --max-trials-arvoa tai hyväksy karkeampi tarkkuus
warning-payment-after-horizon = { $share } %:ssa simulointikierroksista maksu osuisi sopimuksen viimeisen jakson (jakso { $last }) jälkeen, sinne siirtyneenä osallistujien mukaantulon tai validoinnin viivästyksistä, eikä sitä makseta; luvut jättävät sen pois: pidennä `horizon`-arvoa [deal]-osiossa, jos sopimus maksaa sen
warning-cap-binds-mostly = katto { $cap } rajoittaa { $share } %:ssa simulointikierroksista: tulosperusteiset maksut määräytyvät enimmäkseen katosta, eivät tuloksista; tarkista, että katto on siellä, missä budjetti sen tarkoittaa olevan
warning-irr-undefined = transsin { $tranche } sisäinen korkokanta (IRR) on määrittelemätön (mitään ei sijoitettu, tai kassavirroilla ei ole juurta tai niitä on useita) { $share } %:ssa simulointikierroksista; sen IRR-tunnusluvut kattavat vain muut kierrokset, joten lue muunnettu sisäinen korkokanta, pääoman kerroin ja tappio sen rinnalla
warning-cost-per-outcome-imprecise = { $name } on { $value } keskivirheellä { $se }, yli puolet arvosta: maksut ovat harvinaisia tai vaihtelevat paljon, tai todella parantuneiden tulosten odotetaan olevan lähellä nollaa, joten suhdeluku tunnetaan huonosti; aja lisää simulointikierroksia ja lue rinnalla, mitä maksettiin kohinasta ja mittausvirheestä
warning-cost-per-outcome-undefined = { $name } on määrittelemätön: todella parantuneiden tulosten odotettu määrä ei ole positiivinen (ei todellista vaikutusta, tai ketään ei otettu mukaan), joten jakajaa ei ole; lue sen sijaan, mitä maksettiin kohinasta ja mittausvirheestä
warning-pooled-irr-undefined = { $name } on määrittelemätön: transsin `{ $tranche }` keskimääräisillä kassavirroilla ei ole sisäistä korkokantaa (mitään ei sijoitettu, tai juurta ei ole tai niitä on useita, usein viimeisen tulon jälkeen nostetun pääoman vuoksi); lue sen sijaan muunnettu sisäinen korkokanta ja kerroin, missä rahaa sijoitettiin
warning-trigger-within-noise = sääntö { $rule }: sen maksun laukaisuehto { $trigger } on mittauskohinan sisällä odotetusta vaikutuksesta { $effect } (keskivirhe { $se }, { $group }): sattuma ratkaisee, maksetaanko; suuremmat ryhmät tai yhdistetyt kohortit mitataan tarkemmin
warning-group-pooled = yhdistettynä
warning-group-cohort = kohortille { $cohort }
