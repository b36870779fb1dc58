//! `personalization.no-hook`: nothing in the message is about the recipient. A hook is their
//! company (from `company:`), their post, talk or other work, a mutual connection, something
//! shared (a school, group, event or employer), or a congratulation. The signs are patterns in
//! data; they are generous on purpose, since a hook missed costs an info note on a good message.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::message::Message;
use super::prose::{fold, spaced_words, ProseParts};
use super::{finding, params, Finding};

pub const ID: &str = "personalization.no-hook";

#[derive(Deserialize)]
struct Params {
    /// Regular expressions (matched without case) that show the writer knows something about them.
    hooks: Vec<String>,
    /// Endings dropped from `company:` before looking for it ("Acme Inc." is mentioned as "Acme").
    company_suffixes: Vec<String>,
    /// Words in a placeholder's name (as `placeholder_key` writes it) that make it a slot for a
    /// hook: "specific", "topic", "post", "company"…
    hook_slot_words: Vec<String>,
    /// Starts of placeholder names for the sender's side ("your_", "similar_"): never hooks.
    sender_slot_prefixes: Vec<String>,
    /// Sentences about them with a detail of theirs (a figure, a name) that together show
    /// research: a hook however they are worded.
    researched_min_sentences: usize,
    /// Words written in capitals for grammar or courtesy, not as a name ("I'm", "Monday").
    not_names: Vec<String>,
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin(ID));

static HOOKS: LazyLock<params::AnyOf> =
    LazyLock::new(|| params::AnyOf::new(&PARAMS.hooks, "hook patterns"));

pub fn check(m: &Message, out: &mut Vec<Finding>) {
    // A follow-up or a message after a meeting has its context: the earlier exchange.
    if !params::applies(m.a, ID)
        || m.prose.word_count() == 0
        || !m.a.is_first_touch()
        || !m.reads_as_english()
    {
        return;
    }
    if has_hook(m) {
        return;
    }
    let who = m
        .recipient
        .as_ref()
        .map_or("them".to_string(), |r| r.first.clone());
    out.push(finding(
        ID,
        m.prose.source(m.opening()),
        format!("Nothing here is about {who}: mention their post, talk or work, a mutual connection, something you share, or a win to congratulate them on."),
    ));
}

/// One paragraph's signs of a hook, read once and kept while the paragraph is unchanged.
#[derive(Debug, Default)]
pub struct Hooks {
    /// One of the hook patterns is in it.
    named: bool,
    /// Its sentences about the reader that hold a detail of theirs.
    researched: usize,
}

impl Hooks {
    fn of(text: &str, prose: &ProseParts) -> Hooks {
        Hooks {
            named: HOOKS.is_match(text),
            researched: prose
                .sentences
                .iter()
                .filter(|s| tells_a_detail_of_theirs(text, (*s).clone()))
                .count(),
        }
    }
}

static ABOUT_THEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:your|you['’](?:ve|re)|you (?:have|are|had))\b").expect("about them")
});

/// How near (in words) to "your" or "you've" a detail must be to be theirs: "You've been serving
/// Hawthorn for 25 years", not "a contributor at Microsoft, along with your experience".
const DETAIL_REACH: usize = 6;

/// Whether a sentence about the reader holds a detail of theirs near the words about them, on
/// the same line: a figure (not a price, which is the sender's offer), or a name after them. A
/// word that opens a line (a list number, a hard-wrapped capital) is neither. A template's slot
/// is a detail still to be found.
fn tells_a_detail_of_theirs(paragraph: &str, range: Range<usize>) -> bool {
    let sentence = &paragraph[range.clone()];
    if sentence.contains(['[', '{', '<']) {
        return false;
    }
    let words: Vec<(usize, &str)> = spaced_words(sentence).collect();
    ABOUT_THEM.find_iter(sentence).any(|about| {
        let Some(at) = words
            .iter()
            .position(|(start, w)| start + w.len() > about.start())
        else {
            return false;
        };
        let near = at.saturating_sub(DETAIL_REACH)..(at + DETAIL_REACH + 1).min(words.len());
        let about_at = words[at].0;
        near.into_iter().any(|i| {
            let (start, raw) = words[i];
            // Another line is another thing: a signature, a list item, hard-wrapped text.
            let between = &sentence[start.min(about_at)..start.max(about_at)];
            if between.contains('\n') || opens_line(paragraph, range.start + start) {
                return false;
            }
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            let figure =
                word.chars().any(|c| c.is_ascii_digit()) && !raw.starts_with(['$', '€', '£', '¥']);
            let name = i > at
                && word.chars().next().is_some_and(char::is_uppercase)
                && !PARAMS.not_names.iter().any(|n| n == word);
            figure || name
        })
    })
}

/// Whether the word at `start` of `text` is the first on its line.
fn opens_line(text: &str, start: usize) -> bool {
    text[..start]
        .rsplit('\n')
        .next()
        .is_some_and(|before| before.trim().is_empty())
}

/// Whether the message says something about them: their company, a slot for a hook, one of
/// the hook patterns in a paragraph, or enough details of theirs to show research.
fn has_hook(m: &Message) -> bool {
    mentions_company(m) || has_hook_slot(m) || names_something_of_theirs(m) || researched(m)
}

fn researched(m: &Message) -> bool {
    m.readings(|k| &k.hooks, Hooks::of)
        .map(|(_, _, hooks)| hooks.researched)
        .sum::<usize>()
        >= PARAMS.researched_min_sentences
}

/// Whether a paragraph says something only this recipient could receive (their post, a mutual
/// contact, a congratulation: one of the hook patterns). Their company's name or a slot for a
/// hook is not enough here: a merge template has those.
pub(super) fn names_something_of_theirs(m: &Message) -> bool {
    m.readings(|k| &k.hooks, Hooks::of)
        .any(|(_, _, hooks)| hooks.named)
}

/// Whether `text` shows the writer knows something about them (for fixes that must keep it).
pub(crate) fn is_hook(text: &str) -> bool {
    HOOKS.is_match(text)
}

/// A template slot for a hook (`[specific topic]`, `{{Company}}`, `{recent_post}`): the writer
/// means to fill in something about them there, and the slot itself is placeholder.unfilled's
/// finding. Slots for the sender's side (`{{Similar_Company}}`, `[Your Name]`) are not hooks.
fn has_hook_slot(m: &Message) -> bool {
    m.a.placeholders.iter().any(|p| {
        let key = crate::engine::draft::placeholder_key(&p.name);
        let senders = PARAMS
            .sender_slot_prefixes
            .iter()
            .any(|x| key.starts_with(x.as_str()));
        !senders
            && PARAMS
                .hook_slot_words
                .iter()
                .any(|w| key.contains(w.as_str()))
    })
}

fn mentions_company(m: &Message) -> bool {
    let Some(company) = &m.a.draft.facts.company else {
        return false;
    };
    let full = fold(&company.value);
    if m.mentions(&full) {
        return true;
    }
    let short = PARAMS
        .company_suffixes
        .iter()
        .fold(full.as_str(), |name, suffix| {
            name.strip_suffix(suffix.as_str())
                .map_or(name, |rest| rest.trim_end_matches([' ', ',']))
        });
    short.len() >= 2 && short != full && m.mentions(short)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::ID;

    const SARAH: &str =
        "---\nchannel: message\nto: Sarah Chen\ncompany: Northwind Inc.\nrole: VP Supply Chain\n---\n";

    fn silent(body: &str) {
        let text = format!("{SARAH}{body}");
        assert!(findings(&text, ID).is_empty(), "{body}");
    }

    #[test]
    fn silent_after_first_touch_and_with_a_slot_for_a_hook() {
        let bare = "Hi Sarah, I'd love to connect and learn more.";
        let text = format!("---\nchannel: message\nto: Sarah Chen\n---\n{bare}");
        assert_eq!(findings(&text, ID).len(), 1);
        for front in ["step: 2", "met: SaaStr 2026"] {
            let later = format!("---\nchannel: message\nto: Sarah Chen\n{front}\n---\n{bare}");
            assert!(findings(&later, ID).is_empty(), "{front}");
        }
        let slot =
            format!("---\nchannel: message\nto: Sarah Chen\n---\n{bare} Loved [specific post].");
        assert!(findings(&slot, ID).is_empty());
        // A name slot, or a slot for the sender's side, is no hook.
        let name = "---\nchannel: message\n---\nHi [First Name], I'd love to connect. We helped {{Similar_Company}}. [Your Name]";
        assert_eq!(findings(name, ID).len(), 1);
    }

    #[test]
    fn fires_on_the_opening_after_the_greeting() {
        let text = format!("{SARAH}Hi Sarah, just checking in on my last message. Any update?");
        let f = findings(&text, ID);
        assert_eq!(f.len(), 1);
        let start = text.find("just").unwrap();
        assert_eq!(
            f[0].range,
            start..start + "just checking in on my last message.".len()
        );
        assert!(f[0].message.starts_with("Nothing here is about Sarah"));

        let text = format!("{SARAH}Hi there,\r\n\r\nI came across your profile 👀 and your background.\r\nOpen to a chat?");
        let f = findings(&text, ID);
        assert_eq!(
            covered(&text, &f[0]),
            "I came across your profile 👀 and your background."
        );
    }

    #[test]
    fn generic_mentions_are_not_hooks() {
        for body in [
            "Hi Sarah, thanks for connecting. My company helps your team grow. Chat?",
            "Hi Sarah, your profile photo is great and your website is slow.",
            "Hi Sarah, I saw this report and thought of our chat.",
            "Hi Sarah, thank you for your time. Did you see my last message?",
            // What any profile shows is not something only she could receive.
            "Hi Sarah, I noticed you work there and saw your 6 years of experience at Maersk.",
            "Hi Sarah, I see that you work in logistics. I noticed you're trying to grow.",
            // A referral by nobody in particular is not about her.
            "Hi Sarah, someone referred me to your company.",
            // Her job and how she is are on every profile and in every greeting.
            "Hi Sarah, I saw you're a product manager. How are you doing?",
            // A blog, a tool or feedback that could be anyone's, and growth any company claims.
            "Hi Sarah, I stumbled across your interesting blog. I'd love your honest feedback.",
            "Hi Sarah, your tool looks great and your current research work matches my interests.",
            "Hi Sarah, your work in logistics is impressive and your role is a big one.",
            // A question anyone can be asked, and a pleasantry with no meeting behind it.
            "Hi Sarah, how do you feel about a new role in sales?",
            "Hi Sarah, nice to meet you! We're hiring nurses across Leeds.",
            "Hi Sarah, I noticed that Acme Freight has been growing rapidly.",
            // Thanks for work in general, or for her time, says nothing about her.
            "Hi Sarah, thanks for all the hard work you do. We build freight software.",
        ] {
            let text = format!("{SARAH}{body}");
            assert_eq!(findings(&text, ID).len(), 1, "{body}");
        }
    }

    #[test]
    fn three_details_of_theirs_show_research() {
        let researched = "---\nchannel: email\nsubject: Your listing\n---\nHi Sam,\n\nYour Google listing shows \"One Six Eight London\" (20 characters). 70% of your product images are missing from image search. You have a Melbourne showroom that shoppers never see.\n\nWorth a 15-minute call?";
        assert!(findings(researched, ID).is_empty());
        // Two details are what any profile shows; a price is the sender's offer; a list number,
        // a signature or a slot is no detail of theirs.
        for body in [
            "Your Google listing shows \"One Six Eight London\" (20 characters). You have a Melbourne showroom. We can fix both.",
            "We have roles starting at $170,000 for someone with your skills. Your background is great. Your future is bright.",
            "Next steps:\n1. Reply with your location\n2. Share your CV\n3. Pick your start date\n\nLet's chat about your future,\nThe Clera Team",
            "Your [Listing] shows [Name]. Your {{count}} images are missing. You have a <City> showroom.",
        ] {
            let text = format!("---\nchannel: email\nsubject: Roles\n---\nHi Sam,\n\n{body}");
            assert_eq!(findings(&text, ID).len(), 1, "{body}");
        }
    }

    #[test]
    fn silent_on_a_message_in_another_language() {
        // "I saw your talk at PyCon Chile": a hook the English patterns cannot read.
        silent("Hola Sarah! Vi tu charla en la PyCon Chile sobre Django y me encantó. ¿Te puedo hacer una pregunta?");
        silent("Bonjour Sarah, j’ai lu votre article sur la logistique urbaine et je l’ai trouvé passionnant.");
    }

    #[test]
    fn silent_with_a_hook() {
        silent("Hi Sarah, how is the team at Northwind handling peak season?");
        silent("Hi Sarah, how is the team at NORTHWIND handling peak season?");
        silent("Hi Sarah, your article on AI in supply chains was spot on.");
        silent("Hi Sarah, your SupplyConf 2026 keynote was great.");
        silent("Hi Sarah, Jane Smith suggested I reach out.");
        silent("Hi Sarah, Chloe Martin mentioned you’re hiring.");
        silent("Hi Sarah, we were both at the Rotterdam logistics meetup.");
        silent("Hi Sarah, fellow Wharton alum here.");
        silent("Hi Sarah, congrats on the new role!");
        silent("Hi Sarah, I heard you on the Freight Pod episode last week.");
        silent("Hi Sarah, great meeting you at ProMat last week.");
        silent("Hi Sarah, thanks again for the coffee chat on Tuesday.");
        silent("Hi Sarah, it has been ages since our days on the pricing team at Zalando!");
        silent("Hi Sarah, how does your team decide when a late truck gets a new slot?");
        silent("Hi Sarah, I noticed you're hiring SDRs in Austin.");
        silent("Hi Sarah, I noticed your team shipped the new API last week.");
        silent("Hi Sarah, I read the Northwind case study on your site.");
        silent("Hi Sarah, I loved how you ran the last Low Carbon Drinks in Bristol.");
        silent("Hi Sarah, I thought of you for this product, considering you write about the Jersey Shore.");
        silent("Hi Sarah, I just saw that you unstarred the n8n repository a while back.");
        silent("Hi Sarah, noticed [THEIR_CHANNEL_NAME] covers similar territory.");
        silent("Hi Sarah, I'm interested in buying the house on Maple Street for cash.");
        silent("Hi Sarah, do you still own the lot by the river?");
        silent("Hi Sarah, how did you get the carriers to share their data?");
        silent("Hi Sarah, I saw the Ops Analyst opening on your team and I'm excited about it.");
        silent("Hi Sarah, nice to meet you at ProMat yesterday.");
        silent("Hi Sarah, your work taking Parcelly's returns flow from 3 screens to 1 is what we need.");
        silent("Hi Sarah, I really enjoyed listening to you at the D&I event.");
        silent("Hi Sarah, I saw on your website that you are researching cold chains.");
        silent("Hi Sarah, saw your new role at Ramp.");
        silent("Hi Sarah, thanks for liking my post on forecasting.");
        silent("Hi Sarah, thanks for engaging with my poll on freight rates.");
        silent("Hi Sarah, thanks so much for the work on this project! We use it every day.");
        silent("Hi Sarah, your tweet about forecasting resonated.");
        silent("Hi Sarah, I saw you presented at the Gartner summit.");
        silent("Hi Sarah, read your op-ed in the WSJ.");
        silent("Hi Sarah, we share a connection in Tom Reed.");
        silent("Hi Sarah, I saw your name in the Forbes 30 under 30 list.");
        silent("Hi Sarah, I'm a fellow Northwind customer.");
        silent("Hi Sarah, your Substack on logistics is great.");
        silent("Hi Sarah, saw your company on the Inc. 5000 list.");
        silent("Hi Sarah, I see you're also in Austin.");
        silent("Hey Sarah, noticed you checked out my profile. What caught your eye?");
        silent("Hi Sarah, I noticed your investment in SimpleOps.");
        silent("Hi Sarah, I noticed {FundName} is building out research.");
        silent("Hi Sarah, I saw Flexport just opened a Rotterdam hub.");
        silent("Hi Sarah, I was going through your checkout today and found a broken link.");
        silent("Hi Sarah, thanks for the detail in the Planning Analyst role you posted.");
        silent("Hi Sarah, I saw that your company Northwind was hiring for a data engineer.");
        silent("Hi Sarah, I saw that you were recruiting for an Azure data engineer.");
        silent("Hi Sarah, I read your recent publication on safety stock in Nature.");
        silent("Hi Sarah, George Lukas referred you to me for press releases.");
        silent("Hey Sarah, I noticed you use Zendesk. How's it working?");
        silent("Hey Sarah, saw you listed that SaaS on Acquire. Smart move.");
        silent("Hi Sarah, I saw that you're an anime fan. Watching anything good?");
        silent("Hi Sarah, I saw that you worked at LinkedIn on the profile team.");
        silent("Hey Sarah, your \"$10K MRR SaaS\" thread was gold.");
        silent("Hi Sarah, how is your team keeping regressions stable?");
        silent("Hi Sarah, I know the ransomware attack was rough.");
        silent("Hello! I regularly read your Word to the Wise blog.");
        silent("Hi Sarah, your blog post on safety stock was great.");
        silent("Hi Sarah, I liked your research into late trucks.");
        silent("Hi Sarah, I saw Acme Freight is expanding into Rotterdam.");
        silent("Hi Sarah, I worked with Swift (which I know is part of your tech stack!).");
        silent(
            "Hi Sarah, I met Dana and she suggested that you would be a really good person to ask.",
        );
        silent("Hi Sarah, I see that you used to work for a cruise line.");
        silent("Hey Sarah, I noticed you recently starred doltgresql on GitHub.");
        silent("Hi Sarah, I saw that Northwind was named one of the Top 5 fastest growing firms.");
        silent("Hi Sarah, I loved the review of the O'Douds pomade.");
        silent("Sarah, looks like you're hiring reps.");
        silent("Hi Sarah, noticed you've added 4 AEs in the last quarter.");
        silent("Hi Sarah, I see you've been in our system for a while.");
        silent("Hi Sarah, you are in the top 10 of all our users.");
        silent("Hi Sarah, I read on HN that you're bootstrapped.");
        silent("Hi Sarah, I subscribed to your email list last month.");
        silent("Hi Sarah, I was checking out Joe's Plumbing's website today.");
        silent("Hi [NAME], saw [HOSPITAL] is modernizing IT.");
        silent("Hey, I saw that you gave a star to the Atlantis repository.");
        // What they did, said as what they did; their view read and liked; what is shared.
        silent("Hi Sarah, big fan of the packaging redesign you led at Acme.");
        silent("Hi Sarah, what you wrote about burnout in engineering teams really resonated.");
        silent(
            "Hi Sarah, you mentioned in a recent post that onboarding is your biggest headache.",
        );
        silent("Hi Sarah, I really liked your take on usage-based pricing.");
        silent("Hi Sarah, your point about churn in last week's thread was sharp.");
        silent("Hi Sarah, you and I both worked at Stripe.");
        silent("Hi Sarah, I'm also a Wharton grad.");
        silent("Hi Sarah, I noticed you went to Georgia Tech too.");
        silent("Hi Sarah, I noticed we share an interest in climbing.");
        silent("Hi Sarah, your GitHub project ferris-rs saved me a weekend.");
        silent("Hi Sarah, I loved the photos from your trip to Patagonia.");
        silent("Hi Sarah, your team's migration to Kubernetes sounds like it was a beast.");
        silent("Hi Sarah, I saw Acme has just opened a hub in Leeds.");
        silent("<!-- nothing here --> ");
    }

    #[test]
    fn a_good_person_to_ask_and_a_past_job_need_someone_who_said_so_or_a_fact() {
        // Said by nobody, "you would be a good person" is flattery that fits anyone.
        let text =
            format!("{SARAH}Hi Sarah, you would be a really good person to ask about logistics.");
        assert_eq!(findings(&text, ID).len(), 1);
        let text = format!("{SARAH}Hi Sarah, I see you are busy. Open to a chat?");
        assert_eq!(findings(&text, ID).len(), 1);
        // Asking for their view, or for something they might share, knows nothing about them.
        for body in [
            "Hi Sarah, I'd love your thoughts on hiring juniors.",
            "Hi Sarah, could you share your advice on hiring?",
            "Hi Sarah, I know you have a busy schedule.",
        ] {
            let text = format!("{SARAH}{body}");
            assert_eq!(findings(&text, ID).len(), 1, "{body}");
        }
        // An observation needs something seen: "looks like a good fit" and "the top priority"
        // say nothing about her.
        let text = format!("{SARAH}Hi Sarah, it looks like a good fit. Growth is the top priority for many teams. Open to a chat?");
        assert_eq!(findings(&text, ID).len(), 1);
    }

    #[test]
    fn a_hook_only_in_a_comment_does_not_count() {
        let text =
            format!("{SARAH}Hi Sarah, <!-- mention Northwind's warehouse --> quick question?");
        assert_eq!(findings(&text, ID).len(), 1);
    }
}
