// Nor through its tuple constructor: the field is private.
use leadconnector::UnknownValue;

fn main() {
    let _ = UnknownValue("TYPE_SMS".to_owned());
}
