//! Blinger's list answers (`unassigned`, `unread`, `not-answered`), as the client
//! reads them and as a plain `Vec<Conversation>`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for c in deskbell_fuzz::blinger_list(data) {
        deskbell_fuzz::blinger_row(&c);
    }
    for list in deskbell_fuzz::blinger_data::<Vec<blinger::Conversation>>(data) {
        list.iter().for_each(deskbell_fuzz::blinger_row);
    }
});
