sweep-title = Svep över { $points } punkter, { $trials } försök vardera, frö { $seed }, gemensamma slumptal
sweep-header-point = punkt
sweep-header-contract = kontrakt
sweep-header-scenario = scenario
sweep-note-figures = Medelvärden, och P(...) sannolikheter; varje statistik för varje storhet finns i points.csv (--out) och --format json.
sweep-search-title = Sökning efter bästa utformning
sweep-search-feasible = { $feasible } av { $points } punkter uppfyller alla villkor.
sweep-search-none = Ingen punkt uppfyller alla villkor.
sweep-search-best = Bäst: punkt { $point } ({ $settings }): { $objective } = { $value } ± { $se }
sweep-search-uncertain = Den bästa punkten uppfyller ett villkor med mindre än två standardfel: fler försök kan visa att den inte gör det.
sweep-search-runner-up = Näst bäst: punkt { $point } ({ $settings }): { $value } ± { $se }
sweep-search-within-noise = Den näst bästa ligger inom två standardfel från den bästa: dessa försök avgör inte vilken som är bättre.
sweep-search-marginal = ± är punktens eget standardfel; med gemensamma slumptal är en skillnad mellan punkter känd mer exakt.
sweep-pareto-title = Paretofront för { $first } och { $second } (ingen annan punkt är bättre på båda):
sweep-written = svepet har skrivits till { $dir } ({ $files })
sweep-resumed = återupptaget: { $done } av { $total } punkter fanns redan i { $dir } och kördes inte igen
sweep-progress = { $done }/{ $total } punkter [{ $elapsed }] { $bar } kvar { $eta }
