//! What the demo's people say: conversation scripts, small talk, post comments.

use super::cast::Lang;

/// Who says a line of a script.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Customer,
    Operator,
    Note,
    /// The customer sends a picture (the line is its URL).
    CustomerImage,
    /// The operator sends a file (the line is its URL).
    OperatorFile,
}

use Who::*;

pub type Script = &'static [(Who, &'static str)];

pub const IMAGE_URL: &str =
    "https://static-api.blinger.io/files/new/67/cf/67cf7f4783de908d9723696d295c5252_5e60f6d59964e.png";
pub const INVOICE_URL: &str =
    "https://static-api.blinger.io/files/new/3a/91/3a91c07e2b8d44f1a1e0b6c2d8f7e915_invoice-10482.pdf";
pub const MANUAL_URL: &str =
    "https://static-api.blinger.io/files/new/b4/0e/b40e5d1f9c7a4e2b8d3f6a1c9e7b2d40_bell-pro-manual.pdf";

pub const EN_SCRIPTS: &[Script] = &[
    &[
        (
            Customer,
            "Hi! My order #10482 still shows \"processing\". Any news?",
        ),
        (Operator, "Hello! Let me check that for you."),
        (Note, "Warehouse says it ships tomorrow morning."),
        (
            Operator,
            "It leaves our warehouse tomorrow morning, you'll get a tracking link by email.",
        ),
        (Customer, "Great, thanks!"),
    ],
    &[
        (Customer, "Does the Bell Pro work with Slack?"),
        (
            Operator,
            "Yes, it does — there's a Slack integration in Settings → Integrations.",
        ),
        (Customer, "And Microsoft Teams?"),
        (Operator, "Teams is on our roadmap for next quarter."),
        (Customer, "Ok, could you send me the manual?"),
        (OperatorFile, MANUAL_URL),
        (Customer, "Got it, thank you"),
    ],
    &[
        (Customer, "I was charged twice this month"),
        (CustomerImage, IMAGE_URL),
        (Note, "Duplicate charge confirmed in Stripe, refund needed."),
        (
            Operator,
            "Sorry about that! I've started the refund, it takes 3–5 business days.",
        ),
        (Customer, "Can you send me a corrected invoice?"),
    ],
    &[
        (Customer, "Hello, do you ship to Canada?"),
        (Operator, "We do! Shipping to Canada takes 5–8 days."),
        (Customer, "How much is it?"),
    ],
    &[
        (Customer, "The app keeps logging me out on my phone"),
        (Operator, "Which phone and app version are you using?"),
        (Customer, "iPhone 13, version 4.2.1"),
        (
            Operator,
            "Thanks. Please update to 4.2.3 — this was fixed there.",
        ),
        (Customer, "Updated, seems fine now 👍"),
    ],
    &[
        (Customer, "Can I change the delivery address for my order?"),
        (Customer, "It's order 10517"),
        (Customer, "Hello? Anyone there?"),
    ],
    &[
        (Customer, "I'd like a quote for 25 licenses"),
        (
            Operator,
            "Happy to help! Is that for the Team or the Business plan?",
        ),
        (Customer, "Business. We also need SSO."),
        (Note, "Hot lead — 25 seats, Business + SSO. Loop in sales."),
        (
            Operator,
            "SSO is included in Business. I'll send you a quote today.",
        ),
        (OperatorFile, INVOICE_URL),
        (Customer, "Received, I'll discuss it with my team."),
    ],
    &[
        (Customer, "Where can I download my invoices?"),
        (
            Operator,
            "Account → Billing → Invoices. You can download each as PDF.",
        ),
        (Customer, "Found them, thanks!"),
    ],
];

pub const RU_SCRIPTS: &[Script] = &[
    &[(Customer, "Здравствуйте! Когда будет доставка моего заказа?"), (Operator, "Добрый день! Уточню у склада и вернусь к вам."), (Note, "Склад: отправка в четверг."), (Operator, "Заказ отправим в четверг, трек-номер придёт на почту."), (Customer, "Спасибо!")],
    &[(Customer, "Подскажите, есть ли скидки для оптовых покупателей?"), (Operator, "Да, от 10 штук скидка 15%."), (Customer, "А от 50?")],
    &[(Customer, "Не могу оплатить картой, выдаёт ошибку"), (CustomerImage, IMAGE_URL), (Operator, "Похоже, банк отклонил платёж. Попробуйте, пожалуйста, другую карту или оплату по счёту."), (Customer, "Можно счёт на юрлицо?")],
    &[(Customer, "Добрый вечер"), (Customer, "Товар пришёл с повреждённой упаковкой, что делать?")],
];

pub const ES_SCRIPTS: &[Script] = &[
    &[
        (Customer, "¡Hola! ¿Tienen envío gratis a México?"),
        (Operator, "¡Hola! Sí, para pedidos de más de 50 USD."),
        (Customer, "Perfecto, gracias."),
    ],
    &[
        (Customer, "Quiero devolver un producto, ¿cómo lo hago?"),
        (
            Operator,
            "Puede iniciar la devolución en Mi cuenta → Pedidos.",
        ),
        (Customer, "No encuentro el botón…"),
    ],
];

pub const DE_SCRIPTS: &[Script] = &[
    &[
        (
            Customer,
            "Guten Tag, ich brauche eine Rechnung mit unserer USt-IdNr.",
        ),
        (Operator, "Gern! Bitte senden Sie uns die USt-IdNr."),
        (Customer, "DE123456789"),
        (OperatorFile, INVOICE_URL),
        (Customer, "Vielen Dank!"),
    ],
    &[
        (Customer, "Funktioniert die Klingel auch ohne WLAN?"),
        (
            Operator,
            "Ja, über Bluetooth mit eingeschränkten Funktionen.",
        ),
    ],
];

/// Lines the long demo thread and live mode pick from.
pub const CHATTER: &[&str] = &[
    "Hi again!",
    "One more question",
    "Thanks for the quick answer",
    "Is there any update?",
    "Could you check it once more?",
    "I just tried again, same problem",
    "Ok",
    "Perfect 👍",
    "When will it be ready?",
    "Can I pay by bank transfer?",
    "The tracking link doesn't work",
    "Do you have it in black?",
    "Спасибо!",
    "Когда будет ответ?",
    "¿Me pueden ayudar?",
    "Danke schön",
    "Sorry for the many questions 🙂",
    "Let me know, please",
];

pub const OPERATOR_CHATTER: &[&str] = &[
    "Sure, let me check.",
    "Done! Anything else I can help with?",
    "I've forwarded this to our team.",
    "Could you send a screenshot?",
    "Thanks for your patience!",
    "It should work now, please try again.",
    "You're welcome!",
    "I'll get back to you within an hour.",
];

/// Comment conversations (post comments on VK and Facebook).
pub struct DemoPost {
    pub channel: &'static str,
    pub author: &'static str,
    pub post_id: &'static str,
    pub url: &'static str,
    pub title: &'static str,
    pub comments: Script,
}

pub const POSTS: &[DemoPost] = &[
    DemoPost {
        channel: "vk",
        author: "Мария Белова",
        post_id: "2307813",
        url: "https://vk.com/deskbell?w=wall-1_2307813",
        title: "Новая Bell Pro уже в продаже!",
        comments: &[
            (Customer, "А сколько стоит?"),
            (Operator, "Здравствуйте! 89 €, доставка бесплатно."),
            (Customer, "Есть белый цвет?"),
        ],
    },
    DemoPost {
        channel: "facebook",
        author: "Daniel Brooks",
        post_id: "104857600123_998877",
        url: "https://www.facebook.com/deskbell/posts/998877",
        title: "Meet the new Bell Pro",
        comments: &[(Customer, "Does it ship to Australia?")],
    },
];

pub fn scripts(lang: Lang) -> &'static [Script] {
    match lang {
        Lang::En => EN_SCRIPTS,
        Lang::Ru => RU_SCRIPTS,
        Lang::Es => ES_SCRIPTS,
        Lang::De => DE_SCRIPTS,
    }
}
