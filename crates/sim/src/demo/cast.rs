//! The demo's cast: operators, groups and customers.

pub struct DemoOperator {
    pub name: &'static str,
    pub email: &'static str,
}

pub const OPERATORS: &[DemoOperator] = &[
    DemoOperator {
        name: "Anna Kowalska",
        email: "anna.kowalska@deskbell.example",
    },
    DemoOperator {
        name: "Dmitry Ivanov",
        email: "dmitry.ivanov@deskbell.example",
    },
    DemoOperator {
        name: "María García",
        email: "maria.garcia@deskbell.example",
    },
    DemoOperator {
        name: "James O'Connor",
        email: "james.oconnor@deskbell.example",
    },
    DemoOperator {
        name: "Aiko Tanaka",
        email: "aiko.tanaka@deskbell.example",
    },
    DemoOperator {
        name: "Lena Schmidt",
        email: "lena.schmidt@deskbell.example",
    },
];

pub const GROUPS: &[&str] = &["Sales", "Support", "Billing"];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
    Es,
    De,
}

pub struct DemoCustomer {
    pub name: Option<&'static str>,
    pub channel: &'static str,
    pub lang: Lang,
    pub phone: Option<&'static str>,
    pub email: Option<&'static str>,
    pub nickname: Option<&'static str>,
    /// Livechat: (page_url, page_title).
    pub page: Option<(&'static str, &'static str)>,
    pub tags: &'static [&'static str],
}

const fn c(name: &'static str, channel: &'static str, lang: Lang) -> DemoCustomer {
    DemoCustomer {
        name: Some(name),
        channel,
        lang,
        phone: None,
        email: None,
        nickname: None,
        page: None,
        tags: &[],
    }
}

const fn phone(mut d: DemoCustomer, phone: &'static str) -> DemoCustomer {
    d.phone = Some(phone);
    d
}

const fn nick(mut d: DemoCustomer, nickname: &'static str) -> DemoCustomer {
    d.nickname = Some(nickname);
    d
}

const fn mail(mut d: DemoCustomer, email: &'static str) -> DemoCustomer {
    d.email = Some(email);
    d
}

const fn page(mut d: DemoCustomer, url: &'static str, title: &'static str) -> DemoCustomer {
    d.page = Some((url, title));
    d
}

const fn tags(mut d: DemoCustomer, tags: &'static [&'static str]) -> DemoCustomer {
    d.tags = tags;
    d
}

const SHOP: &str = "https://shop.deskbell.example";

pub const CUSTOMERS: &[DemoCustomer] = &[
    tags(
        nick(
            phone(c("Alex Novak", "telegrambot", Lang::En), "+420 601 234 567"),
            "alexnovak",
        ),
        &["vip"],
    ),
    nick(
        phone(
            c("Ольга Смирнова", "telegrambot", Lang::Ru),
            "+7 916 555 12 34",
        ),
        "olga_sm",
    ),
    phone(c("Priya Sharma", "whatsapp", Lang::En), "+91 98765 43210"),
    phone(
        c("Carlos Mendoza", "whatsapp", Lang::Es),
        "+52 55 1234 5678",
    ),
    page(
        c("Emma Johansson", "livechat", Lang::En),
        "https://shop.deskbell.example/checkout",
        "Checkout – Deskbell Shop",
    ),
    mail(c("Jürgen Weber", "email", Lang::De), "j.weber@example.de"),
    c("Иван Петров", "vk", Lang::Ru),
    c("Sophie Martin", "facebook", Lang::En),
    phone(c("Mehmet Yılmaz", "viber", Lang::En), "+90 532 123 45 67"),
    tags(
        nick(
            phone(
                c("Артём Козлов", "telegrambot", Lang::Ru),
                "+375 29 576 37 51",
            ),
            "artem_k",
        ),
        &["wholesale"],
    ),
    phone(
        c("Fatima Al-Sayed", "whatsapp", Lang::En),
        "+971 50 123 4567",
    ),
    page(
        DemoCustomer {
            name: None,
            ..c("", "livechat", Lang::En)
        },
        "https://shop.deskbell.example/pricing",
        "Pricing – Deskbell Shop",
    ),
    mail(
        c("Liam O'Brien", "email", Lang::En),
        "liam.obrien@example.ie",
    ),
    phone(c("Наталья Волкова", "viber", Lang::Ru), "+7 921 333 44 55"),
    c("Lucas Oliveira", "facebook", Lang::Es),
    nick(c("Yuki Sato", "telegrambot", Lang::En), "yuki_s"),
    tags(
        phone(c("Ana Pereira", "whatsapp", Lang::Es), "+34 612 345 678"),
        &["returns"],
    ),
    page(
        c("Noah Williams", "livechat", Lang::En),
        "https://shop.deskbell.example/products/bell-pro",
        "Bell Pro – Deskbell Shop",
    ),
    mail(
        c("Katarzyna Nowak", "email", Lang::En),
        "k.nowak@example.pl",
    ),
    c("Сергей Морозов", "vk", Lang::Ru),
    phone(c("Chen Wei", "viber", Lang::En), "+86 138 0013 8000"),
    nick(
        phone(
            c("Hannah Fischer", "telegrambot", Lang::De),
            "+49 151 2345 6789",
        ),
        "hannah_f",
    ),
    phone(
        c("Olumide Adeyemi", "whatsapp", Lang::En),
        "+234 803 123 4567",
    ),
    page(
        c("Isabella Rossi", "livechat", Lang::En),
        "https://shop.deskbell.example/cart",
        "Cart – Deskbell Shop",
    ),
    mail(c("Пётр Соколов", "email", Lang::Ru), "p.sokolov@example.ru"),
    c("Mia Becker", "facebook", Lang::De),
    phone(
        c("Diego Fernández", "viber", Lang::Es),
        "+54 9 11 2345 6789",
    ),
    tags(
        nick(
            c("Екатерина Лебедева", "telegrambot", Lang::Ru),
            "kate_lebedeva",
        ),
        &["vip", "wholesale"],
    ),
    phone(
        c("Thomas Dubois", "whatsapp", Lang::En),
        "+33 6 12 34 56 78",
    ),
    page(
        c("Grace Kim", "livechat", Lang::En),
        "https://shop.deskbell.example/help/shipping",
        "Shipping – Help Center",
    ),
    mail(
        c("Oliver Smith", "email", Lang::En),
        "oliver.smith@example.co.uk",
    ),
    c("Анна Кузнецова", "vk", Lang::Ru),
    phone(c("Raj Patel", "whatsapp", Lang::En), "+44 7700 900123"),
    nick(
        phone(
            c("Elena Popescu", "telegrambot", Lang::En),
            "+40 721 234 567",
        ),
        "elena_p",
    ),
    c("Jack Taylor", "facebook", Lang::En),
    phone(c("Андрей Новиков", "viber", Lang::Ru), "+380 67 123 4567"),
    page(
        c("Zoe Anderson", "livechat", Lang::En),
        "https://shop.deskbell.example/account/orders",
        "My orders – Deskbell Shop",
    ),
    mail(
        c("Lukas Hoffmann", "email", Lang::De),
        "lukas.hoffmann@example.at",
    ),
    phone(c("Sofía Ramírez", "whatsapp", Lang::Es), "+57 300 123 4567"),
    nick(c("Mark Evans", "telegrambot", Lang::En), "markevans"),
];

/// Names for customers that live mode invents.
pub const LIVE_NAMES: &[&str] = &[
    "Maya Cohen",
    "Ivan Horvat",
    "Léa Bernard",
    "Томас Кравец",
    "Nina Larsen",
    "Omar Haddad",
    "Julia Kowalczyk",
    "Kenji Watanabe",
    "Amara Okafor",
    "Мила Орлова",
    "Pablo Ruiz",
    "Eva Novotná",
];

pub const CHANNELS: &[&str] = &[
    "telegrambot",
    "whatsapp",
    "viber",
    "vk",
    "livechat",
    "email",
    "facebook",
];

/// A shop page for livechat customers live mode invents.
pub fn live_page(n: usize) -> (String, String) {
    let pages = [
        ("/", "Deskbell Shop"),
        ("/pricing", "Pricing – Deskbell Shop"),
        ("/cart", "Cart – Deskbell Shop"),
    ];
    let (path, title) = pages[n % pages.len()];
    (format!("{SHOP}{path}"), title.to_owned())
}
