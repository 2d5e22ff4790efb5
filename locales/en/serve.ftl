# $url: the page's address.
serve-listening = The workshop page is at { $url }
serve-local-only = Listening on this machine only (127.0.0.1); give --host 0.0.0.0 to open it to a room on the local network.
# $host: the address listened on.
serve-local-only-host = Listening on this machine only ({ $host }).
serve-room-url = Participants on the local network open { $url }
serve-network = Listening on { $host } as --host asked: anyone on the network can open the page; stop the server (Ctrl-C) after the workshop.
# $count: the number of deals; $deals: their ids.
serve-deals = { $count ->
    [one] One deal in the library: { $deals }
   *[other] { $count } deals in the library: { $deals }
}
# $what: the deal and why it was left out.
serve-skipped = left out of the library: { $what }

# The workshop page (every `page-` message is sent to the page).
page-title = sibyl: the workshop page
page-subtitle = Pick a deal, move its assumptions and watch how it responds.
page-language = Language
page-deal = Deal
page-scenario = Scenario
page-sources = Sources
page-assumptions = Assumptions
page-sliders-note = Each slider moves the average of one assumption; its uncertainty around that average stays as the scenario says.
page-reset = Reset
page-trials = Trials
page-results = Results
page-running = Simulating…
page-busy = The server is busy; trying again…
page-error = Something went wrong:
page-loss = Chance the investors lose money
page-moic = Average multiple on the money invested
page-irr = Median yearly return (IRR)
page-paid = Average paid for outcomes
page-se = standard error
page-mc-note = Every figure is a Monte Carlo estimate; ± gives its standard error. Every slider position uses the same random numbers, so a change you see comes from the deal, not from chance.
page-role-effect = True effect
page-role-baseline = Without the programme
page-role-referrals = Referrals
page-role-dropout = Drop-out
page-role-measurement = Measurement
page-role-other = Other
page-quiz = Quiz: guess the chance of a loss before you see it
page-quiz-guess = Your guess (%)
page-quiz-reveal = Reveal
page-quiz-you = Your guess
page-quiz-sim = The simulation
page-explain = The deal in plain words
page-compare = Two designs side by side
page-compare-note = Both designs run on the same random numbers with the same assumptions, so the difference is the design's.
page-compare-with = Compare with
page-compare-run = Compare
page-compare-difference = Difference
page-history = What actually happened
page-history-none = This deal has no record of its real results.
page-history-show = Replay the real results
page-paste = Your own contract
page-paste-contract = Contract (TOML)
page-paste-scenario = Scenario (TOML)
page-paste-check = Check
page-paste-run = Simulate this contract
page-paste-ok = No errors: the files are valid.
page-paste-errors = The files have errors; the lines are marked below.
workshop-axis-pays = Share of trials in which the rule pays
workshop-axis-period = Period
workshop-settle-paid = Outcome payments, period by period
workshop-settle-drawn = Money in (drawn)
workshop-settle-received = Money back (received)
workshop-axis-cash = Cash flow ({ $currency })
page-busy-later = The server is busy; try again in a moment.
page-trials-kept = (the same at every slider position of this deal, so a change you see comes from the deal)
page-trials-choosing = (choosing how many this machine runs quickly)
page-compare-difference-ba = Difference (B − A)
page-history-caveats = Caveats
page-slider-group-size = People in the comparison or control group this metric is measured against: a smaller group measures more noisily, so chance decides more often whether a trigger pays.
page-timeout = The simulation took too long; the page tries fewer trials.
page-explain-expected = The scenario's expected case, before any slider is moved.
page-median = median
page-tranche = Tranche
page-quiz-hidden = The results are hidden until you reveal them: type your guess and press Reveal.
