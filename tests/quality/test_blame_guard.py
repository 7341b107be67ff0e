"""The guard (quality/blame_guard.py): shapes of blame without its sense, in the style of real
postmortem prose, are cleared; blame in ordinary words still fires. Sentences written for these
tests (not from the corpus), each a case of one guard or one shape."""

from __future__ import annotations

import pytest

from hindsight.quality.blame import check_sentence
from hindsight.quality.blame_guard import cleared
from hindsight.quality.lint import DEFAULT_MIN_CONFIDENCE


def flagged(sentence: str) -> bool:
    hit = check_sentence(sentence)
    return hit is not None and hit.confidence >= DEFAULT_MIN_CONFIDENCE


HARMLESS = [
    # the agent is a system, or the customer on their own side
    "The load balancer failed to forward health checks to the new pool.",
    "The config push failed to reach three of the twelve regions.",
    "A customer misconfigured their webhook endpoint, which produced a flood of retries.",
    # the predicate is the fix or a discovery
    "Stackdriver engineers broke the dependency on the failing service to restore alerting.",
    "The network team replaced the faulty switch.",
    "Engineers broke the problem into smaller pieces to find the failing component.",
    "The developer accidentally discovered the root cause while testing something else.",
    "The technician swapped the faulty disk at 09:15.",
    # a condition of the work, not a verdict
    "The team did not have access to the production logs.",
    "Our team did not anticipate that traffic would double overnight.",
    "The engineers did not realize the migration would lock the table.",
    "The engineers didn't see any errors in the logs at first.",
    "The delay was due to the on-call engineer being in a different time zone.",
    "Engineers should have a way to see which environment a command targets.",
    "The on-call engineer should have access to the runbook from their phone.",
    "Engineers should not have to remember to run this step manually.",
    "The operator should have been shown a warning before the command ran.",
    "A developer should be able to run the test suite locally without production credentials.",
    # the same sentence names the system gap
    "The developer did not know that the flag was shared between services, because it was not"
    " documented.",
    "The reviewer did not spot the typo because the diff was 3,000 lines long.",
    "The operator mistyped the hostname, and the tool accepted it without confirmation.",
    "The engineer made a typo in the config, which our validation did not catch.",
    "An engineer ran the cleanup script against the wrong cluster because both clusters had the"
    " same name in the CLI.",
    "Our SRE team missed the first alert, which was sent to an email list nobody monitors.",
    # a vendor's service not working
    "The DNS provider failed to propagate the change for six hours.",
    "Cloudflare failed to serve traffic from three data centers.",
    "Tempo failed to become ready after 300 seconds.",
    # denial, titles, questions for input, thanks
    "It was not anyone's fault; the tooling allowed a destructive command without confirmation.",
    'The title of the ticket was "Someone deleted the DNS zone".',
    "Can the database team confirm whether the replica lag alert is still needed?",
    "Huge thanks to everyone who jumped on the bridge.",
    "Special thanks to the database team, who worked through the weekend.",
    # a wrong guess while diagnosing; following the process; the agent phrase runs on
    "An engineer mistakenly believed that the traffic drop was due to a regional ISP issue.",
    "The deploy was started by an engineer at 09:00, following the normal process.",
    "The SRE on call did not have permissions to modify the firewall rules.",
    "The team ignored the alert because it had fired falsely dozens of times that week.",
    # fields, workload, questions, credit for a good end, rejected blame
    "Owner: John (platform team)",
    "Contributing factor: the on-call engineer was handling two incidents at once.",
    "Did the on-call engineer receive the page?",
    "Should the database team own this alert going forward?",
    "Thanks to John's quick thinking, the failover took only two minutes.",
    "Thanks to the monitoring team, we detected the issue within a minute.",
    "The engineer who caused the outage was not blamed; the review focused on the tooling.",
    '"Human error" is not a root cause.',
    "It is easy to say the engineer should have checked, but the tool gave no warning.",
    "The postmortem is not about blaming the developer.",
    # "error" in a system sense
    "The operator error dashboard showed a spike at 10:00.",
]

BLAMING = [
    "A technician failed to copy the new code to one of the eight servers.",
    "Engineers incorrectly assumed that the replication was symmetric.",
    "Someone wrote code that computed one year to be the current date plus one year.",
    "It was Dave's fault that the certificate expired.",
    "The on-call engineer should have known that the flag was global.",
    "The intern broke production on Friday.",
    "AWS support was useless throughout the incident.",
    "Of course the network team didn't tell anyone about the firewall change.",
    "The DBA didn't bother to check the backups.",
    "The vendor failed to notify us of the maintenance window.",
    "The on-call engineer escalated too late.",
    "Vivek restarted the service without notifying anyone.",
    "Whoever wrote the cron job clearly didn't think about time zones.",
    "Our SREs have no clue how the load balancer works.",
    "The junior developer didn't know what she was doing.",
    "Kudos to the network team for taking down the office Wi-Fi during the all-hands.",
    "The certificate expired because it was never renewed by the security team, despite three"
    " reminders.",
    "Intel discovered the flaw in June 1994 but initially chose to keep it private and downplay"
    " its significance.",
    "Why did nobody on the platform team look at the disk alerts?",
    "Ops took 3 hours to even look at the ticket.",
    "Bad judgement by the on-call engineer led to a longer outage.",
    "The NOC sat on the alert for an hour.",
    "The DBA went rogue and ran an ALTER on the primary.",
    "Sarah ignored the alerts for two hours.",
    "Thanks to the DevOps team's incompetence, customers were down for six hours.",
    "Thanks to Oleksandr's genius idea of editing the config by hand, we lost two hours.",
]


@pytest.mark.parametrize("sentence", HARMLESS)
def test_harmless_shapes_are_cleared(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


@pytest.mark.parametrize("sentence", BLAMING)
def test_blame_in_ordinary_words_still_fires(sentence: str) -> None:
    assert flagged(sentence)


def test_the_milder_findings_are_not_guarded() -> None:
    hit = check_sentence("Human Error")
    assert hit is not None and hit.rule == "human-error-as-cause"


def test_cleared_names_the_guard() -> None:
    assert cleared("The network team replaced the faulty switch.", "The network team") == "the fix"
    assert cleared("The deploy job failed to finish.", "The deploy job") == "not a person"
    assert cleared("John forgot to renew the certificate.", "John") is None


# Shapes met in fresh real postmortem prose (round 10, dev half), restated in our own words.
ROUND_10_HARMLESS = [
    "ACTION: The platform team should have members in two time zones to share the load.",
    "Queued jobs were delayed and should have been automatically retried once the backlog cleared.",
    "She then dumped the table to a file and restarted the server.",
    "The launch went well, largely due to the release manager's experience.",
    "Any operator error is a symptom of a missing safeguard, so we look for the safeguard.",
    "Our second project was a disaster from the start.",
    "Once again, our thanks go to Priya and the reporters of the bug for their reports.",
    "The new scheduler picks batches quickly while also being careful not to starve small jobs.",
    "Huge thanks to the help desk, who answered over three hundred calls that day.",
    "Tomas felt terrible about the outage, even though the step he followed was in the runbook.",
]


@pytest.mark.parametrize("sentence", ROUND_10_HARMLESS)
def test_round_10_harmless_shapes(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


# Blame shapes met in fresh real prose (round 10, dev half), restated in our own words.
ROUND_10_BLAMING = [
    "Still no word from Hostinger.",
    "We have yet to hear back from the vendor about the refund.",
    "Not all team members attended the stand-ups or helped with the release.",
    "Every project has a few bad eggs who drag the whole team down.",
    "Getting through to their support team was almost impossible.",
    "Whatever their excuse, it is not good enough.",
    "The registrar let our certificate lapse although we had paid for renewal.",
    "Their response times are poor and they have, as far as we can tell, consistently missed them.",
    "When the club built the site, they did not realise the importance of owning the domain.",
    "The supplier shipped the same faulty parts again, after promising they would not.",
    "The help desk reset the admin password for a caller without any verification.",
    "The building's electrician cut power to the racks without warning us.",
    "The DNS change was made by Oskar without any review.",
    "Whoever approved that change should be asked some hard questions.",
    "Any member who misses the deadline will be publicly shamed in the group chat.",
    "The fact that they could not update their own status page is a bit of a joke.",
    "The old maintainers have quietly abandoned their responsibilities.",
    "Now others have to clean up the mess they created.",
    "Some of the things they were bad at, like invoicing, did not matter to us.",
    "The vendor's report conveniently leaves out that their own technician pulled the cable.",
    "The crash was most likely caused by Acme Capital efforts to prop up the price.",
    "Despite advice from the auditors that the bridge was unsafe, the DAO decided to reopen it.",
    "The product owner overrode the freeze because a demo was more important to him.",
]
# The genres of that prose (student project reviews, vendor complaints, crypto post-mortems),
# written by us before checking the checker on them.
GENRE_BLAMING = [
    "Some team members did not contribute to the code.",
    "One member never showed up to meetings.",
    "Two members of the group did almost nothing during the whole project.",
    "Our scrum master was absent for most of the sprint and nobody took over.",
    "The previous maintainer left the codebase in a terrible state.",
    "The founders disappeared with the investors' funds.",
    "A teammate merged broken code into main the night before the demo.",
    "The TA never replied to our emails.",
    "The devs pushed the contract to mainnet without an audit.",
    "Rackspace support kept asking the same questions.",
    "Their so-called support team took four days to send a canned reply.",
    "I've had enough of their excuses.",
    "Some members only showed up for the final presentation.",
    "The foundation's leadership walked away and left the community to clean up.",
    "The devs rugged the project and vanished with the treasury.",
    "The team behind the protocol lied to users about the risks.",
    "The contractor delivered half-finished work and stopped answering emails.",
    "Their billing department charged us twice and then refused a refund.",
    "The owner of the repo ignored the security report for six months.",
    "The intern pushed his API keys to a public repository.",
    "ACME & Co refusal to engage with the community drove users away.",
    "Support told users everything was fine while checkout was down for an hour.",
    "Engineers triaging the problem uninstalled the new code from the servers, which made things"
    " worse.",
    "Their idea of support is a ticket number and a prayer.",
    "I was passed from pillar to post for three hours by their support staff.",
    "The account manager has gone very quiet.",
    "Needless to say, the promised call-back from their support never came.",
    "Their status page cheerfully reported all systems operational while nothing worked.",
    "Their engineers couldn't organise a piss-up in a brewery.",
    "They have shown no interest in fixing the problem.",
    "The new owners have run the service into the ground.",
    "Nobody at the company seems to know what they are doing.",
    "Their so-called fix broke everything again.",
    "The host took our money and left us with a broken server.",
    "Thanks for nothing, support.",
    "Who approved this garbage?",
    "Kevin deleted the backups because he wanted to free up disk space.",
    "Thanks to Dave, we lost a whole day of orders.",
    "Ops failed to respond because they were at lunch, as usual.",
]
GENRE_HARMLESS = [
    "We did not communicate well as a team.",
    "Each member was responsible for one feature.",
    "The scrum master organised a retrospective at the end of the sprint.",
    "The previous maintainer handed over the project in 2019.",
    "Nobody in the group had used React before.",
    "A teammate merged the final feature the night before the demo.",
    "The TA replied to our emails within a day.",
    "The contract was deployed to mainnet after two audits.",
    "Support was friendly and resolved the issue within the hour.",
    "A typo in the generated config caused the proxy to reject requests.",
    "Our teammate did not attend the meeting because she was sick.",
    "The maintainer was absent from the discussion due to a family emergency.",
    "Not all members were in the same time zone, which made meetings harder.",
    "Members of the core team were notified at 10:02.",
    "Unfortunately, the fix introduced by the team caused a second outage.",
    "We abandoned our failed prototype and started again.",
    "The outage was caused by the DNS provider's maintenance.",
    "The script conveniently skips files that have not changed.",
    "The vendor delivered the patch after promising it last week.",
    "Not all members received the email due to a mail server issue.",
    "They were bad at first but improved over the semester.",
    "Despite warnings in the logs, the scheduler decided to retry every job.",
    "The service abandoned its failed connections after 30 seconds.",
    "Members who did not upgrade will be migrated automatically.",
    "We migrated the database without downtime.",
    "The engineer pushed the API keys to the secrets manager.",
    "The team only showed up at the office twice a week.",
    "The maintainers of the project released a fix the same day.",
    "The so-called thundering herd problem hit the cache after the restart.",
    "We got no answer from DNS for about two minutes.",
    "No response from Cloudflare's API for 40 seconds triggered the failover.",
    "Still no response from the health check after the restart, so we rolled back.",
    "Kubernetes failure to schedule the pod caused the outage.",
    "The request was passed around the team for review.",
    "The ticket bounced between queues because of a routing rule.",
    "Our status page showed everything green while the database was down.",
    "The queue has gone quiet after the backlog drained.",
    "Our hero, the on-call engineer, jumped into action armed with strace.",
    "The villain of our story was a missing semicolon in the config.",
    "The auditors missed the reentrancy issue, as did our internal review.",
    "The content team uploaded a file with the wrong encoding, which the importer accepted.",
    "A technician unplugged the wrong server during maintenance; the rack labels were swapped.",
    "The operator restarted the primary, which made things better.",
    "Someone added a new alert after the incident.",
    "Someone made a post in the status channel at 10:05.",
    "Someone deleted the stale branch after the merge.",
    "The engineer walked away from the keyboard for five minutes to get coffee.",
    "The operator let the lease expire as planned.",
    "The on-call engineer was absent because of a doctor's appointment, and the secondary covered.",
]


@pytest.mark.parametrize("sentence", GENRE_BLAMING)
def test_genre_blame(sentence: str) -> None:
    assert flagged(sentence)


@pytest.mark.parametrize("sentence", GENRE_HARMLESS)
def test_genre_harmless(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


ROUND_10_MILD = [
    "The culprit? A single typo in wp-settings.php.",
    "The root cause of the outage was a typo in the nginx config file.",
    "The build broke due to a typographical error in the manifest.",
    "Staff were reminded to pay attention to freeze announcements.",
    "Always keep an eye on your certificate expiry dates.",
    "It is time to give our configurations the attention they deserve.",
    "Developers should not abandon the channel between planning meetings.",
]


@pytest.mark.parametrize("sentence", ROUND_10_BLAMING + ROUND_10_MILD)
def test_round_10_blame_shapes(sentence: str) -> None:
    assert flagged(sentence)


@pytest.mark.parametrize("sentence", ROUND_10_MILD)
def test_round_10_mild_shapes_are_the_milder_finding(sentence: str) -> None:
    hit = check_sentence(sentence)
    assert hit is not None and hit.rule in {"human-error-as-cause", "be-more-careful"}


def test_the_model_needs_a_word_of_lapse_or_reproach() -> None:
    assert cleared("Nicole: Remember me, Mary?", None, learned=True) is not None
    assert (
        cleared("The technician swapped the faulty disk at 09:15.", None, learned=True) is not None
    )
    assert cleared("People starting to be more responsive.", None, learned=True) is not None
    assert cleared("Why did nobody check the backups?", None, learned=True) is None
    assert cleared("People starting to be more responsive.", None) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "[BUGFIX] Fix incorrectly serialized hash for notification providers.",
        "Show muted alerts in the alert groups API.",
    ],
)
def test_imperatives_are_not_people(sentence: str) -> None:
    assert not flagged(sentence), check_sentence(sentence)


def test_a_team_named_like_a_verb_is_still_a_team() -> None:
    assert flagged("Support ignored the customer reports for the first three hours.")
