//! Sending an email over SMTP (lettre): a plain-text body with one PDF attached.

use fairdesk_core::receivables::dunning::{MailSecurity, MailSettings};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

/// One message: to whom (name, address), what, and the attached PDF (file name, bytes).
pub struct Mail<'a> {
    pub to: (&'a str, &'a str),
    pub subject: &'a str,
    pub body: &'a str,
    pub pdf: (&'a str, Vec<u8>),
}

/// Sends `mail` through the server of `settings`, logging in with `password` when the
/// settings name a user. The error says what went wrong in the server's words.
pub fn send(settings: &MailSettings, password: Option<&str>, mail: Mail) -> Result<(), String> {
    let from: Mailbox = settings
        .from
        .parse()
        .map_err(|e| format!("发件人 {}: {e}", settings.from))?;
    let to = Mailbox::new(
        Some(mail.to.0.to_string()),
        mail.to
            .1
            .parse()
            .map_err(|e| format!("{}: {e}", mail.to.1))?,
    );
    let pdf = ContentType::parse("application/pdf").map_err(|e| e.to_string())?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject)
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(mail.body.to_string()))
                .singlepart(Attachment::new(mail.pdf.0.to_string()).body(mail.pdf.1, pdf)),
        )
        .map_err(|e| e.to_string())?;
    let host = settings.host.as_str();
    let builder = match settings.security {
        MailSecurity::Tls => SmtpTransport::relay(host).map_err(|e| e.to_string())?,
        MailSecurity::StartTls => SmtpTransport::starttls_relay(host).map_err(|e| e.to_string())?,
        MailSecurity::None => SmtpTransport::builder_dangerous(host),
    };
    let mut builder = builder
        .port(settings.port)
        .timeout(Some(Duration::from_secs(20)));
    if !settings.user.is_empty() {
        builder = builder.credentials(Credentials::new(
            settings.user.clone(),
            password.unwrap_or_default().to_string(),
        ));
    }
    builder
        .build()
        .send(&message)
        .map(|_| ())
        .map_err(|e| e.to_string())
}
