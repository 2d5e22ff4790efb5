# The Excel workbook (`sibyl report --format xlsx`). Numbers in cells are numbers, formatted by
# Excel; numbers inside these texts arrive formatted. Sheet names: at most 31 characters,
# none of [ ] : * ? / \.

workbook-sheet-summary = Key figures
# $id: a party's or a tranche's id.
workbook-sheet-flows = Flows { $id }
workbook-sheet-assumptions = Assumptions
workbook-sheet-rules = Payment rules
workbook-sheet-caps = Caps
workbook-sheet-financing = Financing
workbook-sheet-warnings = Warnings
workbook-sheet-settlement = Settlement
workbook-sheet-trials = Trials
workbook-sheet-about = About this run

# A figure no trial defines (an IRR, a ratio over nothing).
workbook-undefined = undefined
# $scenario: the scenario's name; $trials; $seed; $currency: the currency code.
workbook-run = Scenario “{ $scenario }”, { $trials } trials, seed { $seed }; amounts in { $currency }.
workbook-real-terms = Amounts are in real terms (period-0 money).

# $deal: the deal's name.
workbook-summary-title = Key figures: { $deal }
workbook-summary-note = Each row is one figure under its stable name (as in summary.json). Mean with its Monte Carlo standard error; p05, p50 and p95 are percentiles over the trials; CVaR 5% is the mean of the worst 5% of trials; n is the number of trials where the figure is defined. For a chance, the mean column holds the chance; for an estimate, its value.
workbook-col-name = Name
workbook-col-figure = Figure
workbook-col-kind = Kind
workbook-col-mean = Mean
workbook-col-se = Standard error
workbook-col-p05 = p05
workbook-col-p50 = p50
workbook-col-p95 = p95
workbook-col-cvar05 = CVaR 5%
workbook-col-n = n
workbook-kind-metric = per trial
workbook-kind-probability = chance
workbook-kind-estimate = estimate

# A figure's label: $who (a party, a tranche, the deal) and $what (the figure).
workbook-figure = { $who }: { $what }
# $tranche: the tranche's id; $investor: the investor's name.
workbook-who-tranche = Tranche { $tranche } ({ $investor })
workbook-who-deal = The deal
# $rule, $metric, $cohort: ids.
workbook-who-rule = Rule { $rule }
workbook-who-metric = Metric { $metric }
workbook-who-outcomes = Outcomes on { $metric }
workbook-who-outcomes-cohort = Outcomes on { $metric }, cohort { $cohort }
workbook-volume-achieved = achieved
workbook-volume-improved = truly improved
workbook-volume-measured = improved as measured
workbook-volume-paid = paid for them
workbook-what-irr = IRR a year
workbook-what-mirr = modified IRR a year
workbook-what-moic = multiple (MOIC)
workbook-what-received = received
workbook-what-amount-lost = amount lost
workbook-what-guarantee-drawn = guarantee drawn
workbook-what-pooled-irr = IRR of the mean cash flows
workbook-what-loss = chance of a loss
workbook-what-irr-undefined = chance the IRR is undefined
workbook-what-paid = paid
workbook-what-npv = present value of what it paid
workbook-what-largest-year = largest budget year
workbook-what-paid-for-noise = paid where the true effect was nil
workbook-what-paid-for-measurement-error = paid for measurement error
workbook-what-deadweight-paid = paid for deadweight
workbook-what-net-value = net value (discounted)
workbook-what-premium = premium over buying the service
workbook-what-budget-excess = paid above its budgets
workbook-what-over-budget = chance of a year over budget
workbook-what-revenue = revenue
workbook-what-cost = cost
workbook-what-unfunded-cost = unfunded cost
workbook-what-margin = margin
workbook-what-fees = fees
workbook-what-any-payment = chance of any payment
workbook-what-pays = chance it pays anything
workbook-what-payment-after-horizon = chance of a payment after the deal ends
# $year: a budget year's label.
workbook-what-paid-year = paid in budget year { $year }
workbook-what-over-budget-year = chance budget year { $year } is over budget
# $metric: the metric's id.
workbook-what-cost-per-true-outcome = cost per true outcome on { $metric }
workbook-binds-cap = chance its cap binds
workbook-binds-cap-per-cohort = chance its cap per cohort binds
workbook-binds-cap-per-participant = chance its cap per participant binds
workbook-binds-cap-per-year = chance its cap per budget year binds

# Cash flows. $party: a party's name; $id: its id; $tranche: the tranche as
# workbook-who-tranche writes it; $currency.
workbook-flows-paid = { $party } ({ $id }): outcome payments by period and budget year ({ $currency })
workbook-flows-paid-sign = Payments net of money handed back above the return caps: positive is paid.
workbook-flows-tranche = { $tranche }: cash flows by period and budget year ({ $currency })
workbook-flows-tranche-sign = From the investor's side: negative is money put in, positive is money back (guarantee payments included).
workbook-flows-received = { $party } ({ $id }): what it received by period and budget year ({ $currency })
workbook-flows-received-sign = What the party received: service payments, outcome payments passed on, bonuses or fees.
# $shown, $trials: numbers of trials.
workbook-flows-sampled = Mean and percentiles over the first { $shown } of the run's { $trials } trials (the same trials, seed and order); the key figures use all { $trials }.
workbook-flows-all = Mean and percentiles over all { $trials } trials.
workbook-flows-percentiles = Each period's and each year's percentiles are over the trials: they do not add up across periods, means do.
workbook-col-period = Period
workbook-col-starts = Starts
workbook-col-budget-year = Budget year

# Assumptions. $scenario: the scenario's name.
workbook-assumptions-title = Assumptions of the scenario “{ $scenario }”
workbook-assumptions-note = Each assumption is drawn once per trial from its distribution (correlated ones through a Gaussian copula). Parameters are named as in the scenario file; mean and percentiles are those of the distribution itself.
workbook-col-assumption = Assumption
workbook-col-distribution = Distribution
workbook-col-in-words = In words
# $n: the parameter's number (1, 2, ...).
workbook-col-parameter = Parameter { $n }
workbook-col-parameter-value = Value { $n }
workbook-col-used-for = Used for
workbook-col-description = Description
workbook-family-fixed = fixed
workbook-family-uniform = uniform
workbook-family-normal = normal
workbook-family-truncated-normal = truncated normal
workbook-family-lognormal = lognormal
workbook-family-triangular = triangular
workbook-family-pert = PERT
workbook-family-beta = beta
workbook-family-logit-normal = logit-normal
workbook-family-discrete = discrete
# Numbers arrive formatted.
workbook-dist-fixed = always { $value }
workbook-dist-uniform = any value from { $min } to { $max }, all equally likely
workbook-dist-normal = normal with mean { $mean } and standard deviation { $sd }
workbook-dist-truncated-normal = normal with mean { $mean } and standard deviation { $sd }, kept between { $min } and { $max }
workbook-dist-lognormal = lognormal with median { $median }: its logarithm is normal with mean { $mu } and standard deviation { $sigma }
workbook-dist-triangular = from { $min } to { $max }, most likely { $mode } (triangular)
workbook-dist-pert = from { $min } to { $max }, most likely { $mode } (PERT)
workbook-dist-beta = beta with shapes { $alpha } and { $beta }, from { $min } to { $max }
workbook-dist-logit-normal = between 0 and 1 with median { $median }: its logit is normal with mean { $mu } and standard deviation { $sigma }
# $values, $weights: lists.
workbook-dist-discrete = one of { $values }, with probabilities { $weights }
workbook-correlation = Correlations between assumptions (Gaussian copula)
# $change: the largest change made to the matrix.
workbook-correlation-repaired = The matrix was repaired to the nearest valid one, as the scenario allows: the largest change was { $change }.
workbook-bindings = What each quantity of the scenario is: an assumption or a fixed value
workbook-col-quantity = Quantity
workbook-col-fixed-value = Fixed value
# $metric, $cohort: ids.
workbook-q-baseline = { $metric }: baseline
workbook-q-hazard = { $metric }: chance each period (hazard)
workbook-q-effect = { $metric }: true effect
workbook-q-sd = { $metric }: spread
workbook-q-drift = { $metric }: drift of the counterfactual
workbook-q-comparison-bias = { $metric }: comparison group bias
workbook-q-savings = { $metric }: avoided cost per outcome
workbook-q-referrals = Cohort { $cohort }: referrals
workbook-q-dropout = Cohort { $cohort }: drop-out
workbook-q-delay = Cohort { $cohort }: delay (periods)
workbook-q-overrun = Cost overrun
workbook-q-termination-hazard = Chance per period that the payer ends the contract
workbook-q-inflation = Inflation a year

# Payment rules. $deal: the deal's name; $currency.
workbook-rules-title = Payment rules: { $deal }
workbook-rules-note = As sibyl understood the contract; amounts in { $currency }. A trigger on an effect relative to the counterfactual is a share of it (10% is a tenth fewer or more outcomes); an absolute one is in the metric's units.
workbook-rules-rows = A rate card has a row per metric it prices and a tiered rule a row per tier; payers share each payment as their shares say.
workbook-rules-indexed = Prices, lump sums, tier payments and values per outcome rise with inflation from period 0 (the contract's indexation).
workbook-col-rule = Rule
workbook-col-type = Type
workbook-col-metric = Metric
workbook-col-scope = Tested
workbook-col-cohorts = Cohorts
# $n: the payer's number (1, 2, ...).
workbook-col-payer-n = Payer { $n }
workbook-col-payer-share-n = Share { $n }
workbook-col-effect-scale = Effect measured as
workbook-col-trigger = Trigger (effect at least)
workbook-col-lump-sum = Lump sum
workbook-col-price = Price
workbook-col-savings-share = Share of savings
workbook-col-share-after = Share once repaid
workbook-col-after-repaid = Once repaid: tranches
workbook-col-value-per-outcome = Avoided cost per outcome
workbook-col-cap = Cap
workbook-col-cap-per-cohort = Cap per cohort
workbook-col-cap-per-participant = Cap per participant
workbook-col-payment-lag = Payment lag (periods)
workbook-col-pooled-at = Pooled test in period
workbook-col-unless-paid-by = Not for cohorts paid by
workbook-rule-rate-card = rate card
workbook-rule-per-improvement = per outcome improved
workbook-rule-per-effect = per unit of effect
workbook-rule-threshold = threshold
workbook-rule-tiers = tiers
workbook-rule-savings-share = share of savings
workbook-scope-per-cohort = per cohort
workbook-scope-pooled = pooled
workbook-scale-relative = share of the counterfactual
workbook-scale-absolute = metric units

# Caps. $deal; $currency.
workbook-caps-title = Caps: { $deal }
workbook-caps-note = Every cap of the contract with its amount ({ $currency }) and how often it cut a payment over the run's trials.
workbook-caps-order = Caps apply from the narrowest to the widest: participant, cohort, rule, metric, budget year, deal, then each payer's. The tranches' return caps are on the financing sheet.
workbook-caps-indexed = Caps are in period-0 money: a payment counts against them at its value deflated to period 0.
workbook-caps-none = The contract sets no caps.
workbook-col-cap-name = Cap
workbook-col-cap-kind = Kind
workbook-col-applies-to = Applies to
workbook-col-amount = Amount
workbook-col-binds = Chance it binds
workbook-cap-kind-rule-total = rule, in total
workbook-cap-kind-rule-per-cohort = rule, per cohort
workbook-cap-kind-rule-per-participant = rule, per participant
workbook-cap-kind-metric = metric, in total
workbook-cap-kind-payer-total = payer, in total
workbook-cap-kind-payer-per-year = payer, per budget year
workbook-cap-kind-deal-total = the deal, in total
workbook-cap-kind-deal-per-year = the deal, per budget year

# Financing. $deal; $currency.
workbook-financing-title = Financing: { $deal }
workbook-financing-note = The tranches in the file's order (seniority 1 is paid first), amounts in { $currency }; coupons and return caps are a year.
workbook-col-tranche = Tranche
workbook-col-investor = Investor
workbook-col-seniority = Seniority
workbook-col-coupon = Coupon
workbook-col-max-irr = Return cap (IRR)
workbook-col-max-multiple = Return cap (multiple)
workbook-tranche-senior-loan = senior loan
workbook-tranche-junior-loan = junior loan
workbook-tranche-equity = equity
workbook-tranche-recoverable-grant = recoverable grant
workbook-tranche-deferred-fees = deferred fees
workbook-guarantees = Guarantees
workbook-col-guarantee = Guarantee
workbook-col-guarantor = Guarantor
workbook-col-limit = Limit
workbook-col-protected = Share protected
workbook-guarantee-first-loss = first loss
workbook-guarantee-capital-protection = capital protection
workbook-financing-terms = Terms
workbook-financing-drawdown = Capital drawn
workbook-financing-excess = Money above the return caps goes to
workbook-financing-excess-share = Provider's share of it
workbook-financing-arrangement-fee = Arrangement fee
workbook-financing-management-fee = Management fee per period
workbook-drawdown-upfront = up front
workbook-drawdown-as-needed = as costs fall due
workbook-excess-payer = the payers (not paid)
workbook-excess-provider = the provider, as a bonus
workbook-excess-shared = the provider and the payers, shared

# Warnings.
workbook-warnings-title = What to distrust
workbook-warnings-note = Warnings about these results: each says what it means and what to do; the code is the same in every language and in summary.json.
workbook-warnings-none = The run gave no warnings.
workbook-col-code = Code
workbook-col-message = Message

# Settlement. $file: the observed file; $currency; $total: an amount with its currency;
# $period: the last period settled; $caps: cap names.
workbook-settlement-title = What actually happened: the settlement
workbook-settlement-note = The contract settled on the history in { $file }, through the same code as every simulated trial; amounts in { $currency }.
workbook-settlement-paid = All payers paid { $total }.
workbook-settlement-as-of = The history stops at period { $period }: figures are to date and returns are not yet known.
workbook-settlement-caps = Caps that cut a payment: { $caps }.
workbook-col-payer = Payer
workbook-col-before-caps = Before caps
workbook-col-paid = Paid
workbook-col-cut-by = Cut by
workbook-settlement-payers = Each payer
workbook-col-refunded = Handed back
workbook-col-npv = Present value
workbook-settlement-tranches = Each tranche
workbook-col-drawn = Put in
workbook-col-received = Received
workbook-col-irr = IRR a year
workbook-col-moic = Multiple
workbook-col-irr-status = IRR
workbook-irr-status-rate = a rate
workbook-irr-status-total-loss = total loss
workbook-irr-status-no-root = undefined (no rate)
workbook-irr-status-multiple-roots = undefined (several rates)
workbook-irr-status-ongoing = not yet known

# The per-trial sheet. $shown, $trials: numbers of trials.
workbook-trials-cut = This sheet holds the first { $shown } of the run's { $trials } trials: a worksheet holds no more. trials.csv of `sibyl run --out DIR --per-trial` has them all.
workbook-trials-cut-stderr = note: the workbook's sheet of trials holds the first { $shown } of the run's { $trials } trials (a worksheet's limit); `sibyl run --out DIR --per-trial` writes them all to trials.csv

# About this run.
workbook-about-title = Where these figures come from
workbook-about-note = The inputs by their SHA-256 fingerprints, the seed and the number of trials: the same inputs and seed give the same figures on any machine.
workbook-col-item = Item
workbook-col-value = Value
workbook-about-deal = Deal
workbook-about-contract = Contract
workbook-about-scenario = Scenario
workbook-about-stress = Stress preset
workbook-about-observed = History
workbook-about-seed = Seed
workbook-about-trials = Trials
workbook-about-flow-trials = Trials behind the cash flows by period
workbook-about-per-trial = Sheet of trials
# $trials: a number of trials.
workbook-about-per-trial-all = every one of the run's { $trials } trials
workbook-about-currency = Currency
workbook-about-terms = Amounts
workbook-about-nominal = in cash (nominal)
workbook-about-real = in real terms (period-0 money)
workbook-about-version = sibyl version
workbook-about-command = Command
workbook-about-definitions = Definitions of every figure: docs/language.md, “Results: exact definitions”. Amounts are formatted as whole numbers, shares as percentages and multiples with an x; the cells hold the exact figures.

# The sheet of compared designs, stress cases and the tornado.
workbook-sheet-analyses = Compared
workbook-analyses-title = Designs compared, stress cases and the tornado
workbook-analyses-note = Every design and case on the same trials (common random numbers): each figure's difference from the first design or the base case is paired, with its own standard error. Figures are as the compare, stress and sensitivity commands give them.
workbook-col-analysis = Analysis
workbook-col-case = Design or case
workbook-col-difference = Difference from the first
workbook-col-difference-se = Standard error of the difference
workbook-analysis-compare = compare
workbook-analysis-stress = stress
# $metric: the metric the tornado is of.
workbook-tornado-title = Tornado of { $metric }: each assumption from its p10 to its p90, the others at their medians
workbook-col-at-p10 = At its p10
workbook-col-at-p90 = At its p90
workbook-col-swing = Swing
